package io.stablerail.messaging.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Where the relay's next tick starts reading the outbox: after the highest id below which this relay has seen every id
 * acknowledged by the broker (the low-water mark), not from the beginning. The rows just published (deleted, or marked
 * published) keep their entries in the index the fetch reads until vacuum, and while other transactions' snapshots may
 * still see them no scan can mark those entries dead: a fetch from the beginning walks them all (17 ms before the first
 * row of a 500-row fetch in a deposit backlog, that service's costliest statement).
 *
 * <p>Ids come from an identity column, one by one, so they are dense except where a transaction that took an id
 * has not committed yet (its row appears later) or rolled back (it never appears). The mark stops at such a gap, so a
 * row committed late is found by the next fetch. A gap that has held the mark for {@code gapTimeout} is taken for a
 * rollback and passed. What that could leave behind — a row whose transaction held its id longer than that — is found
 * by a fetch from the beginning, which a tick does at least every {@code fullScanInterval}. After a tick in which a row
 * failed or a failed row was waiting, every tick reads from the beginning (as the relay always did) until one that did
 * so found nothing failed or waiting: the rows of a failed row's key wait behind it, below or around the mark. So every
 * committed row is still published; a row is only ever later, never lost.
 *
 * <p>One relay's ticks never overlap (and hold the schema's advisory lock); the methods are synchronized only so that
 * successive ticks on different threads see each other's state.
 */
final class FetchBound {

    private final Duration gapTimeout;
    private final Duration fullScanInterval;
    private final LongSupplier nanoTime;

    private long low;
    private final TreeSet<Long> acknowledgedAbove = new TreeSet<>();
    private long stalledSince;
    private boolean stalled;
    private long lastFullScan;
    private boolean scannedFully;
    private boolean failureMode;

    FetchBound(Duration gapTimeout, Duration fullScanInterval, LongSupplier nanoTime) {
        this.gapTimeout = gapTimeout;
        this.fullScanInterval = fullScanInterval;
        this.nanoTime = nanoTime;
    }

    /**
     * Where a tick's first fetch starts: 0 (the beginning) when a failed row is waiting ({@code anyWaiting}), after a
     * failure, or when a full scan is due; otherwise after the mark.
     */
    synchronized long startOfTick(boolean anyWaiting) {
        long now = nanoTime.getAsLong();
        if (anyWaiting || failureMode || !scannedFully || now - lastFullScan >= fullScanInterval.toNanos()) {
            scannedFully = true;
            lastFullScan = now;
            return 0;
        }
        return low;
    }

    /** Ids the broker acknowledged (and that are being deleted, or marked published). */
    synchronized void acknowledged(Collection<Long> ids) {
        for (long id : ids) {
            if (id > low) {
                acknowledgedAbove.add(id);
            }
        }
        advance();
    }

    /**
     * After a tick that started at {@code start}: one with a failed or waiting row keeps the next ticks reading from
     * the beginning; one that read from the beginning and found neither ends that.
     */
    synchronized void endOfTick(long start, boolean anyWaiting, boolean anyFailed) {
        if (anyWaiting || anyFailed) {
            failureMode = true;
        } else if (start == 0) {
            failureMode = false;
        }
    }

    /** The mark: every id at or below it has been acknowledged, or was passed as a gap (see the class comment). */
    synchronized long low() {
        return low;
    }

    private void advance() {
        while (!acknowledgedAbove.isEmpty() && acknowledgedAbove.first() == low + 1) {
            low = acknowledgedAbove.pollFirst();
        }
        if (acknowledgedAbove.isEmpty()) {
            stalled = false;
            return;
        }
        long now = nanoTime.getAsLong();
        if (!stalled) {
            stalled = true;
            stalledSince = now;
        } else if (now - stalledSince >= gapTimeout.toNanos()) {
            // taken for a rollback; a row it hid, if any, is found by the next fetch from the beginning
            low = acknowledgedAbove.pollFirst();
            stalled = false;
            advance();
        }
    }
}
