package io.stablerail.deposit.scanning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.deposit.deposits.ChainHashes;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.deposit.deposits.DepositSource;
import io.stablerail.deposit.deposits.ObservedTransfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scans one chain from its durable cursor in bounded ranges. The deposits found in a range and the cursor's move to
 * the range's last block commit in one transaction, so a scanner killed anywhere resumes at the first block whose
 * deposits are not recorded — no block skipped, none recorded twice (the dedup key makes a replay harmless anyway).
 *
 * <p>Reorg: when the next block's parent hash is not the cursor's hash, the scanner walks back through the window of
 * recently scanned blocks to the highest one the node still has (the common ancestor), marks the DETECTED deposits
 * above it ORPHANED ({@code deposit.orphaned}), rewinds the cursor to it and rescans; a transfer re-included in the new
 * blocks becomes DETECTED again on the same row. A reorg deeper than the window stops the scanner (fail closed).
 *
 * <p>Only the holder of the chain's advisory lock scans, so replicas never race on one cursor.
 */
public class Scanner {

    private static final Logger log = LoggerFactory.getLogger(Scanner.class);

    /** Outcome of one tick. */
    public record Tick(boolean lockHeld, long blocksScanned, int depositsRecorded, int reorgs) {
        static Tick notLeader() {
            return new Tick(false, 0, 0, 0);
        }
    }

    private final String chain;
    private final ChainFamily family;
    private final ChainSource source;
    private final ScanStore store;
    private final ScanLocks locks;
    private final DepositRecorder recorder;
    private final TransactionTemplate transaction;
    private final ScannerSettings settings;
    private final Clock clock;
    private final int rangeBlocks;
    private final AtomicLong lagBlocks = new AtomicLong(-1);
    private final AtomicLong lagMillis = new AtomicLong(-1);
    private final AtomicLong headReadAtMillis;
    private final Counter blocksCounter;
    private final Counter reorgCounter;
    private final Counter finalityViolations;

    public Scanner(ChainSpec chain, ChainSource source, ScanStore store, ScanLocks locks, DepositRecorder recorder,
                   PlatformTransactionManager transactions, ScannerSettings settings, Clock clock,
                   MeterRegistry meters) {
        if (!chain.name().equals(source.chain())) {
            throw new IllegalArgumentException("source of " + source.chain() + " given to the scanner of "
                    + chain.name());
        }
        this.chain = chain.name();
        this.family = chain.family();
        this.source = source;
        this.store = store;
        this.locks = locks;
        this.recorder = recorder;
        this.transaction = new TransactionTemplate(transactions);
        this.settings = settings;
        this.clock = clock;
        this.rangeBlocks = Math.min(settings.rangeBlocksMax(), chain.maxScanRange());
        Gauge.builder("deposit.lag.blocks", lagBlocks, AtomicLong::get)
                .description("Blocks between the node's head and the scan cursor").tag("chain", this.chain)
                .strongReference(true).register(meters);
        Gauge.builder("deposit.lag.seconds", lagMillis, millis -> millis.get() < 0 ? -1 : millis.get() / 1000.0)
                .description("Age of the scan cursor's block relative to the head block").tag("chain", this.chain)
                .strongReference(true).register(meters);
        // the lag gauges are measured against the head a node reports, so they hold still while no node answers;
        // this one grows then (an outage is visible even when the lag was 0 before it)
        this.headReadAtMillis = new AtomicLong(clock.millis());
        Gauge.builder("deposit.scan.silence.seconds",
                        () -> Math.max(0, clock.millis() - headReadAtMillis.get()) / 1000.0)
                .description("Seconds since the scanner last read the chain's head from a node")
                .tag("chain", this.chain).strongReference(true).register(meters);
        this.blocksCounter = Counter.builder("deposit.scanned.blocks").tag("chain", this.chain).register(meters);
        this.reorgCounter = Counter.builder("deposit.reorgs").tag("chain", this.chain).register(meters);
        this.finalityViolations = Counter.builder("deposit.reorg.settled.deposits")
                .description("Confirmed or credited deposits in blocks a reorg replaced (finality violated)")
                .tag("chain", this.chain).register(meters);
    }

    public String chain() {
        return chain;
    }

    /** One tick: at most {@code rangesPerTickMax} ranges, under the chain's lock. */
    public Tick scanOnce() {
        Optional<ScanLocks.Lease> lease = locks.tryLock(chain);
        if (lease.isEmpty()) {
            return Tick.notLeader();
        }
        try (ScanLocks.Lease held = lease.get()) {
            return scanRanges();
        }
    }

    private Tick scanRanges() {
        long scanned = 0;
        int recorded = 0;
        int reorgs = 0;
        Instant started = clock.instant();
        for (int range = 0; range < settings.rangesPerTickMax(); range++) {
            BlockRef head = normalized(source.head());
            headReadAtMillis.set(clock.millis());
            Optional<BlockRef> cursor = store.cursor(chain);
            long from = cursor.map(c -> c.number() + 1)
                    .orElse(settings.startBlock() < 0 ? head.number() : settings.startBlock());
            updateLag(head, cursor);
            if (from > head.number()) {
                if (cursor.isPresent() && head.number() == cursor.get().number()
                        && !head.hash().equals(cursor.get().hash())) {
                    rewindToCommonAncestor(cursor.get());
                    reorgs++;
                    continue;
                }
                break;
            }
            long to = Math.min(head.number(), from + rangeBlocks - 1);
            BlockRange blocks = checked(normalized(source.blocks(from, to)), from, to);
            if (cursor.isPresent() && !blocks.blocks().getFirst().parentHash().equals(cursor.get().hash())) {
                rewindToCommonAncestor(cursor.get());
                reorgs++;
                continue;
            }
            int found = commit(cursor, blocks);
            recorded += found;
            scanned += blocks.blocks().size();
            blocksCounter.increment(blocks.blocks().size());
            BlockRef last = blocks.blocks().getLast();
            updateLag(head, Optional.of(last));
            progress(from, to, found, head, scanned, started);
        }
        return new Tick(true, scanned, recorded, reorgs);
    }

    private int commit(Optional<BlockRef> cursor, BlockRange blocks) {
        Integer found = transaction.execute(status -> {
            DepositRecorder.Recorded result = recorder.record(DepositSource.SCANNER, blocks.transfers());
            Map<Long, String> canonical = new HashMap<>();
            blocks.blocks().forEach(block -> canonical.put(block.number(), block.hash()));
            recorder.orphanOffCanonical(chain, canonical);
            if (!store.advance(chain, cursor, blocks.blocks(), settings.reorgWindowBlocks())) {
                throw new IllegalStateException(chain + ": the scan cursor moved under the lock holder");
            }
            return result.inserted().size() + result.redetected().size();
        });
        return found == null ? 0 : found;
    }

    /**
     * Walks back from the cursor through the recorded window to the highest block the node still has with the same
     * hash, then orphans the DETECTED deposits above it and rewinds the cursor, in one transaction.
     */
    private void rewindToCommonAncestor(BlockRef cursor) {
        long floor = Math.max(0, cursor.number() - settings.reorgWindowBlocks() + 1);
        for (long number = cursor.number(); number >= floor; number--) {
            Optional<String> ours = store.scannedHash(chain, number);
            if (ours.isEmpty()) {
                break;
            }
            BlockRef canonical = normalized(source.block(number));
            if (canonical.hash().equals(ours.get())) {
                long ancestor = number;
                int orphaned = transaction.execute(status -> {
                    alarmIfSettledDepositsReplaced(ancestor);
                    int count = recorder.orphanAbove(chain, ancestor).size();
                    store.rewind(chain, canonical);
                    return count;
                });
                reorgCounter.increment();
                log.warn("reorg on {}: blocks {}..{} replaced, common ancestor {} ({}), {} deposits orphaned; "
                        + "rescanning", chain, ancestor + 1, cursor.number(), ancestor, canonical.hash(), orphaned);
                return;
            }
        }
        log.error("reorg on {} deeper than the {}-block window below {}; scanner stops advancing until ops act",
                chain, settings.reorgWindowBlocks(), cursor.number());
        throw new IllegalStateException(chain + ": no common ancestor within " + settings.reorgWindowBlocks()
                + " blocks of " + cursor.number());
    }

    /** A reorg deeper than finality: confirmed/credited deposits are left as they are, for reconciliation and ops. */
    private void alarmIfSettledDepositsReplaced(long ancestor) {
        long settled = recorder.settledInReplacedBlocks(chain, ancestor);
        if (settled > 0) {
            finalityViolations.increment(settled);
            log.error("FINALITY VIOLATION on {}: the reorg above block {} replaced blocks carrying {} confirmed or "
                    + "credited deposits; they are not changed automatically — reconcile against the chain", chain,
                    ancestor, settled);
        }
    }

    /** Every block of the range, in order, linked by parent hashes, and transfers only in those blocks. */
    private BlockRange checked(BlockRange range, long from, long to) {
        List<BlockRef> blocks = range.blocks();
        if (blocks.size() != to - from + 1) {
            throw incomplete("asked for blocks " + from + ".." + to + ", got " + blocks.size());
        }
        Map<Long, String> hashes = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            BlockRef block = blocks.get(i);
            if (block.number() != from + i || (i > 0 && !block.parentHash().equals(blocks.get(i - 1).hash()))) {
                throw incomplete("blocks " + from + ".." + to + " are not one linked chain (the node moved?)");
            }
            hashes.put(block.number(), block.hash());
        }
        for (ObservedTransfer transfer : range.transfers()) {
            if (!chain.equals(transfer.chain())
                    || !ChainHashes.normalize(family, transfer.blockHash()).equals(hashes.get(transfer.blockNumber()))) {
                throw incomplete("a transfer of " + transfer.txHash() + " is not in the returned blocks");
            }
        }
        return range;
    }

    /** Block hashes in the stored form ({@link ChainHashes}), whatever form the adapter returns. */
    private BlockRef normalized(BlockRef block) {
        return new BlockRef(block.number(), ChainHashes.normalize(family, block.hash()),
                ChainHashes.normalize(family, block.parentHash()), block.timestamp());
    }

    private BlockRange normalized(BlockRange range) {
        return new BlockRange(range.blocks().stream().map(this::normalized).toList(), range.transfers());
    }

    private ChainException incomplete(String message) {
        return new ChainException(FailureClass.RETRY, "inconsistent_range", chain + ": " + message);
    }

    private void updateLag(BlockRef head, Optional<BlockRef> cursor) {
        cursor.ifPresent(c -> {
            lagBlocks.set(Math.max(0, head.number() - c.number()));
            lagMillis.set(Math.max(0, Duration.between(c.timestamp(), head.timestamp()).toMillis()));
        });
    }

    private void progress(long from, long to, int found, BlockRef head, long scanned, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        double rate = scanned / seconds;
        long behind = Math.max(0, head.number() - to);
        log.info("scanned {} blocks {}..{}: {} deposits; {} blocks behind head {}, {} blocks/s, ETA {}s", chain, from,
                to, found, behind, head.number(), String.format("%.1f", rate),
                rate > 0 ? Math.round(behind / rate) : -1);
    }
}
