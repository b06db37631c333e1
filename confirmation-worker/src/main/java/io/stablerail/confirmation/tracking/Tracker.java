package io.stablerail.confirmation.tracking;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.events.DomainEvent;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts track requests and resolves tracked transactions. A status change and its outcome event commit together
 * (outbox); the change is conditional on the row still being open, so however many checkers race, one outcome is
 * announced per transaction. Node calls happen outside any database transaction; a run's writes share one.
 */
@Service
public class Tracker {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);

    private final TrackedTransactions repository;
    private final ChainObservers observers;
    private final ConfirmationProperties properties;
    private final ConfirmationMetrics metrics;
    private final Outbox outbox;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private volatile Instant trackedGaugeRefreshedAt;

    public Tracker(TrackedTransactions repository, ChainObservers observers, ConfirmationProperties properties,
            ConfirmationMetrics metrics, Outbox outbox, Clock clock, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.observers = observers;
        this.properties = properties;
        this.metrics = metrics;
        this.outbox = outbox;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Starts tracking, in the caller's transaction (the inbox's). A repeated request for the same
     * {@code (purpose, reference)} and transaction changes nothing; one naming another transaction is refused.
     *
     * @return whether a new row was created
     * @throws IllegalArgumentException for a request that can never be tracked (unknown chain or token, bad values)
     */
    public boolean track(TrackRequest request, UUID requestEventId) {
        return trackAll(List.of(new Request(request, requestEventId))) == 1;
    }

    /** A track request and the id of the event that carried it. */
    public record Request(TrackRequest request, UUID eventId) {
    }

    /**
     * Starts tracking several requests with one insert, in the caller's transaction (a consumer's poll). Each is
     * judged as by {@link #track}: a repeat changes nothing, one naming another transaction under a tracked
     * {@code (purpose, reference)} is refused — then nothing of the call should commit (the caller's transaction rolls
     * back and retries the requests one by one).
     *
     * @return how many new rows were created
     * @throws IllegalArgumentException for a request that can never be tracked (the first one found)
     */
    public int trackAll(List<Request> requests) {
        Instant now = clock.instant();
        Map<String, TrackRequest> byKey = new LinkedHashMap<>();
        List<TrackRequest> repeats = new ArrayList<>();
        List<TrackedTransaction> rows = new ArrayList<>();
        List<UUID> eventIds = new ArrayList<>();
        for (Request each : requests) {
            TrackRequest request = each.request();
            validate(request);
            observers.of(request.chain()).validate(request);
            if (byKey.putIfAbsent(request.purpose() + "|" + request.reference(), request) != null) {
                repeats.add(request); // the same (purpose, reference) twice in one call: judged against the row below
                continue;
            }
            Instant broadcastAt = request.broadcastAt() == null ? now : request.broadcastAt();
            rows.add(new TrackedTransaction(TimeOrderedIds.next(), request.purpose(), request.reference(),
                    request.chain(), request.txHash(), request.tokenContract(), blankToNull(request.fromAddress()),
                    request.toAddress(), new BigInteger(request.amount()), request.logIndex(), request.nonce(),
                    request.expirationMillis() == null ? null : Instant.ofEpochMilli(request.expirationMillis()),
                    broadcastAt, TrackingStatus.TRACKING, broadcastAt, null, request.blockNumber(), null, 0, 0, now,
                    null, null, null, null));
            eventIds.add(each.eventId());
        }
        Set<UUID> inserted = repository.insertAllIfAbsent(rows, eventIds);
        for (TrackedTransaction row : rows) {
            if (inserted.contains(row.id())) {
                log.debug("tracking {} {} on {}: tx {}", row.purpose(), row.reference(), row.chain(), row.txHash());
            } else {
                requireSameTransaction(byKey.get(row.purpose() + "|" + row.reference()));
            }
        }
        repeats.forEach(this::requireSameTransaction);
        if (!inserted.isEmpty()) {
            log.info("tracking {} new transaction(s)", inserted.size());
        }
        return inserted.size();
    }

    private void requireSameTransaction(TrackRequest request) {
        TrackedTransaction existing = repository.find(request.purpose(), request.reference()).orElseThrow();
        if (!existing.chain().equals(request.chain()) || !existing.txHash().equalsIgnoreCase(request.txHash())) {
            throw new IllegalArgumentException(request.purpose() + " " + request.reference() + " is already tracked as "
                    + existing.chain() + " tx " + existing.txHash() + "; refusing " + request.chain() + " tx "
                    + request.txHash());
        }
    }

    private static void validate(TrackRequest request) {
        require(request.purpose() != null, "purpose is required");
        require(hasText(request.reference()) && request.reference().length() <= 200, "reference must be 1..200 chars");
        require(hasText(request.chain()), "chain is required");
        require(hasText(request.txHash()), "tx_hash is required");
        require(hasText(request.toAddress()), "to_address is required");
        require(request.amount() != null && request.amount().matches("[0-9]{1,78}"),
                "amount must be a positive integer in base units (0 for a self-send)");
        require(request.purpose() == TrackPurpose.DEPOSIT || hasText(request.fromAddress()),
                "a withdrawal or self-send needs from_address (the hot wallet)");
        if (request.purpose() == TrackPurpose.SELF_SEND) {
            require(request.tokenContract() == null, "a self-send moves no token: token_contract must be absent");
            require(new BigInteger(request.amount()).signum() == 0, "a self-send's amount is 0");
            require(request.toAddress().equalsIgnoreCase(request.fromAddress()),
                    "a self-send goes from the hot wallet to itself: to_address must equal from_address");
            require(request.nonce() != null, "a self-send needs its nonce");
        } else {
            require(hasText(request.tokenContract()), "token_contract is required");
            require(new BigInteger(request.amount()).signum() > 0, "amount must be a positive integer in base units");
        }
        require(request.logIndex() == null || request.logIndex() >= 0, "log_index must be >= 0");
        require(request.nonce() == null || request.nonce() >= 0, "nonce must be >= 0");
        require(request.blockNumber() == null || request.blockNumber() >= 0, "block_number must be >= 0");
    }

    /** One checker run over every enabled chain; returns how many transactions were resolved. */
    public int checkDue() {
        int resolved = 0;
        for (String chain : observers.chains()) {
            try {
                // a run that found a full batch due is followed at once by the next (rows a run looked at are no
                // longer due: resolved, or given their next look), up to runs-per-tick-max runs; not after a run
                // with failed looks, whose nodes are backed off from
                for (int run = 0; run < properties.runsPerTickMax(); run++) {
                    Run done = run(chain);
                    resolved += done.resolved();
                    if (done.looked() < batchSizeMax(chain) || done.failed() > 0) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("checking {} failed, will run again: {}", chain, e.toString());
            }
        }
        refreshTrackedGauge();
        return resolved;
    }

    /** The tracked gauge's {@code GROUP BY} runs at most every {@code tracked-gauge-interval}, not every run. */
    private void refreshTrackedGauge() {
        Instant now = clock.instant();
        Instant last = trackedGaugeRefreshedAt;
        if (last != null && now.isBefore(last.plus(properties.trackedGaugeInterval()))) {
            return;
        }
        trackedGaugeRefreshedAt = now;
        metrics.refreshTracked(repository.countByChainAndStatus(), observers.chains());
    }

    /**
     * One run over the due transactions of one chain (at most its {@code batch-size-max}): the observer looks at them all
     * (node calls, no database transaction), then the run's looks are written in ONE transaction — the rows locked in
     * id order, every resolution conditional on the row still being open (one statement), the outcome events of the
     * rows that actually changed in one outbox insert, the pending looks and the failed looks one statement each. A
     * row turning STUCK is written on its own afterwards (rare).
     */
    public int checkDue(String chain) {
        return run(chain).resolved();
    }

    /** One run's rows looked at, transactions resolved and looks that failed. */
    private record Run(int looked, int resolved, int failed) {
    }

    private Run run(String chain) {
        List<TrackedTransaction> due = repository.due(chain, clock.instant(), batchSizeMax(chain));
        if (due.isEmpty()) {
            return new Run(0, 0, 0);
        }
        List<Look> looks = observers.of(chain).checkAll(due);
        Instant now = clock.instant();
        Duration recheck = recheckInterval(chain);
        List<Resolved> resolutions = new ArrayList<>();
        List<TrackedTransactions.PendingLook> pendings = new ArrayList<>();
        List<TrackedTransactions.FailedLook> errors = new ArrayList<>();
        List<Look> stuck = new ArrayList<>();
        RuntimeException firstError = null;
        for (Look look : looks) {
            TrackedTransaction tracked = look.transaction();
            if (look.failed()) {
                Duration backoff = errorBackoff(tracked.consecutiveErrors());
                log.debug("{} {} on {}: the nodes could not answer ({}), next look in {}", tracked.purpose(),
                        tracked.reference(), chain, look.error().toString(), backoff);
                errors.add(new TrackedTransactions.FailedLook(tracked.id(), truncate(look.error().toString()),
                        now.plus(backoff)));
                firstError = firstError == null ? look.error() : firstError;
                continue;
            }
            switch (look.verdict()) {
                case Verdict.Pending pending -> {
                    Long firstHead = firstHead(tracked, pending);
                    if (tracked.status() == TrackingStatus.TRACKING && !pending.mined()
                            && stuck(tracked, firstHead, pending, now)) {
                        stuck.add(look);
                    } else {
                        pendings.add(new TrackedTransactions.PendingLook(tracked.id(), firstHead,
                                pending.minedBlock(), pending.minedHash(), now.plus(recheck)));
                    }
                }
                case Verdict.Final done -> resolutions.add(new Resolved(tracked,
                        new TrackedTransactions.Resolution(tracked.id(), TrackingStatus.FINAL, done.blockNumber(),
                                done.blockHash(), null, null, done.fee()), Outcomes.finalEvent(tracked, done)));
                case Verdict.Failed failed -> {
                    if (failed.reason() == io.stablerail.events.transaction.FailureReason.MISMATCH) {
                        log.error("MISMATCH {} {} on {} tx {}: {}", tracked.purpose(), tracked.reference(),
                                tracked.chain(), tracked.txHash(), failed.detail());
                    }
                    resolutions.add(new Resolved(tracked, new TrackedTransactions.Resolution(tracked.id(),
                            TrackingStatus.FAILED, failed.blockNumber(), failed.blockHash(), failed.reason().name(),
                            truncate(failed.detail()), failed.fee()), Outcomes.failed(tracked, failed)));
                }
                case Verdict.Dropped dropped -> resolutions.add(new Resolved(tracked,
                        new TrackedTransactions.Resolution(tracked.id(), TrackingStatus.DROPPED, null, null,
                                dropped.reason().name(), truncate(dropped.detail()), null),
                        Outcomes.dropped(tracked, dropped)));
            }
        }
        if (firstError != null) {
            log.warn("{} of {} looks on {} failed (the nodes could not answer), backing off; first: {}", errors.size(),
                    looks.size(), chain, firstError.toString());
        }
        List<Resolved> changed = write(resolutions, pendings, errors, now);
        for (Resolved done : changed) {
            announced(done, now);
        }
        if (!changed.isEmpty()) {
            log.info("{} resolved {} of {} due ({} pending, {} failed looks) in one commit", chain, changed.size(),
                    looks.size(), pendings.size(), errors.size());
        }
        for (Look look : stuck) {
            pendingStuck(look.transaction(), (Verdict.Pending) look.verdict(), now);
        }
        return new Run(due.size(), changed.size(), errors.size());
    }

    /** A look's resolution and the outcome event it announces. */
    private record Resolved(TrackedTransaction tracked, TrackedTransactions.Resolution resolution, DomainEvent event) {
    }

    /** Writes a run's looks in one transaction; returns the resolutions this run made (in look order). */
    private List<Resolved> write(List<Resolved> resolutions, List<TrackedTransactions.PendingLook> pendings,
            List<TrackedTransactions.FailedLook> errors, Instant now) {
        if (resolutions.isEmpty() && pendings.isEmpty() && errors.isEmpty()) {
            return List.of();
        }
        List<Resolved> changed = transaction.execute(status -> {
            List<UUID> ids = new ArrayList<>();
            resolutions.forEach(r -> ids.add(r.tracked().id()));
            pendings.forEach(p -> ids.add(p.id()));
            errors.forEach(e -> ids.add(e.id()));
            repository.lock(ids);
            Set<UUID> resolved = repository.resolveAll(resolutions.stream().map(Resolved::resolution).toList(), now);
            List<Resolved> made = resolutions.stream().filter(r -> resolved.contains(r.tracked().id())).toList();
            if (!made.isEmpty()) {
                outbox.appendAll(Topics.TRANSACTIONS, made.stream()
                        .map(r -> envelope(r.event(), r.tracked(), now)).toList());
            }
            repository.recordPendings(pendings);
            repository.recordErrors(errors);
            return made;
        });
        return changed == null ? List.of() : changed;
    }

    /** Metrics and log of one resolution, after its commit. */
    private void announced(Resolved done, Instant now) {
        TrackedTransaction tracked = done.tracked();
        TrackedTransactions.Resolution r = done.resolution();
        metrics.outcome(tracked.chain(), r.status(), r.reason());
        if (r.status() == TrackingStatus.FINAL) {
            metrics.finalized(tracked.chain(), tracked.purpose(), Duration.between(tracked.detectedAt(), now));
            log.debug("FINAL {} {} on {}: tx {} in block {}", tracked.purpose(), tracked.reference(), tracked.chain(),
                    tracked.txHash(), r.blockNumber());
        } else {
            log.info("{} {} {} on {}: tx {} in block {} ({})", r.status(), tracked.purpose(), tracked.reference(),
                    tracked.chain(), tracked.txHash(), r.blockNumber(), r.reason());
        }
    }

    private static Long firstHead(TrackedTransaction tracked, Verdict.Pending pending) {
        return tracked.firstHeadBlock() != null ? tracked.firstHeadBlock() : Long.valueOf(pending.headBlock());
    }

    /** A look that makes the row STUCK: its own transaction, as before (rare). */
    private void pendingStuck(TrackedTransaction tracked, Verdict.Pending pending, Instant now) {
        Long firstHead = firstHead(tracked, pending);
        Instant next = now.plus(recheckInterval(tracked.chain()));
        DomainEvent event = Outcomes.stuck(tracked, pending.headBlock() - firstHead, pending.headBlock());
        Boolean changed = transaction.execute(status -> {
            if (!repository.markStuck(tracked.id(), firstHead, now, next)) {
                return false;
            }
            outbox.append(Topics.TRANSACTIONS, envelope(event, tracked, now));
            return true;
        });
        if (Boolean.TRUE.equals(changed)) {
            metrics.outcome(tracked.chain(), TrackingStatus.STUCK, null);
            log.warn("STUCK {} {} on {}: tx {} not mined after {} blocks", tracked.purpose(), tracked.reference(),
                    tracked.chain(), tracked.txHash(), pending.headBlock() - firstHead);
        }
    }

    private boolean stuck(TrackedTransaction tracked, long firstHead, Verdict.Pending pending, Instant now) {
        ConfirmationProperties.ChainSettings settings = observers.settings(tracked.chain());
        return pending.headBlock() - firstHead >= settings.stuckAfterBlocks()
                || !now.isBefore(tracked.broadcastAt().plus(settings.stuckAfter()));
    }

    /** The chain's own {@code batch-size-max} when it sets one, else the worker's. */
    private int batchSizeMax(String chain) {
        ConfirmationProperties.ChainSettings settings = observers.settingsOrNull(chain);
        return settings != null && settings.batchSizeMax() != null ? settings.batchSizeMax()
                : properties.batchSizeMax();
    }

    /** The chain's own {@code recheck-interval} when it sets one, else the worker's. */
    private Duration recheckInterval(String chain) {
        ConfirmationProperties.ChainSettings settings = observers.settingsOrNull(chain);
        return settings != null && settings.recheckInterval() != null ? settings.recheckInterval()
                : properties.recheckInterval();
    }

    /** The event id is derived from the reference and the type, so a re-announcement would be a duplicate. */
    private static EventEnvelope envelope(DomainEvent event, TrackedTransaction tracked, Instant now) {
        UUID id = UUID.nameUUIDFromBytes((tracked.purpose() + "|" + tracked.reference() + "|" + event.type())
                .getBytes(StandardCharsets.UTF_8));
        return EventEnvelope.of(id, event, now);
    }

    /** Ops: look at an open transaction again now. */
    public boolean retryNow(TrackPurpose purpose, String reference) {
        return repository.makeDue(purpose, reference, clock.instant());
    }

    public Optional<TrackedTransaction> find(TrackPurpose purpose, String reference) {
        return repository.find(purpose, reference);
    }

    public java.util.List<TrackedTransaction> list(TrackingStatus status, int limit) {
        return repository.list(status, limit);
    }

    private Duration errorBackoff(int consecutiveErrors) {
        Duration backoff = properties.errorBackoffInitial().multipliedBy(1L << Math.min(consecutiveErrors, 20));
        return backoff.compareTo(properties.errorBackoffMax()) > 0 ? properties.errorBackoffMax() : backoff;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return hasText(value) ? value : null;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
