package io.stablerail.confirmation.tracking;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.stablerail.events.DomainEvent;
import io.stablerail.events.EventEnvelope;
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
 * announced per transaction. Node calls happen outside any database transaction.
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
        validate(request);
        observers.of(request.chain()).validate(request);
        Instant now = clock.instant();
        Instant broadcastAt = request.broadcastAt() == null ? now : request.broadcastAt();
        TrackedTransaction row = new TrackedTransaction(UUID.randomUUID(), request.purpose(), request.reference(),
                request.chain(), request.txHash(), request.tokenContract(), blankToNull(request.fromAddress()),
                request.toAddress(), new BigInteger(request.amount()), request.logIndex(), request.nonce(),
                request.expirationMillis() == null ? null : Instant.ofEpochMilli(request.expirationMillis()),
                broadcastAt, TrackingStatus.TRACKING, broadcastAt, null, null, null, 0, 0, now, null, null, null, null);
        if (repository.insertIfAbsent(row, requestEventId)) {
            log.info("tracking {} {} on {}: tx {}", request.purpose(), request.reference(), request.chain(),
                    request.txHash());
            return true;
        }
        TrackedTransaction existing = repository.find(request.purpose(), request.reference()).orElseThrow();
        if (!existing.chain().equals(request.chain()) || !existing.txHash().equalsIgnoreCase(request.txHash())) {
            throw new IllegalArgumentException(request.purpose() + " " + request.reference() + " is already tracked as "
                    + existing.chain() + " tx " + existing.txHash() + "; refusing " + request.chain() + " tx "
                    + request.txHash());
        }
        return false;
    }

    private static void validate(TrackRequest request) {
        require(request.purpose() != null, "purpose is required");
        require(hasText(request.reference()) && request.reference().length() <= 200, "reference must be 1..200 chars");
        require(hasText(request.chain()), "chain is required");
        require(hasText(request.txHash()), "tx_hash is required");
        require(hasText(request.tokenContract()), "token_contract is required");
        require(hasText(request.toAddress()), "to_address is required");
        require(request.amount() != null && request.amount().matches("[0-9]{1,78}")
                && new BigInteger(request.amount()).signum() > 0, "amount must be a positive integer in base units");
        require(request.purpose() != TrackPurpose.WITHDRAWAL || hasText(request.fromAddress()),
                "a withdrawal needs from_address (the hot wallet)");
        require(request.logIndex() == null || request.logIndex() >= 0, "log_index must be >= 0");
        require(request.nonce() == null || request.nonce() >= 0, "nonce must be >= 0");
    }

    /** One checker run over every enabled chain; returns how many transactions were resolved. */
    public int checkDue() {
        int resolved = 0;
        for (String chain : observers.chains()) {
            try {
                resolved += checkDue(chain);
            } catch (RuntimeException e) {
                log.warn("checking {} failed, will run again: {}", chain, e.toString());
            }
        }
        metrics.refreshTracked(repository.countByChainAndStatus(), observers.chains());
        return resolved;
    }

    /** One run over the due transactions of one chain (at most {@code batch-size-max}). */
    public int checkDue(String chain) {
        ChainObserver observer = observers.of(chain);
        int resolved = 0;
        for (TrackedTransaction tracked : repository.due(chain, clock.instant(), properties.batchSizeMax())) {
            Verdict verdict;
            try {
                verdict = observer.check(tracked);
            } catch (RuntimeException e) {
                Duration backoff = errorBackoff(tracked.consecutiveErrors());
                log.warn("{} {} on {}: the nodes could not answer ({}), next look in {}", tracked.purpose(),
                        tracked.reference(), chain, e.toString(), backoff);
                repository.recordError(tracked.id(), truncate(e.toString()), clock.instant().plus(backoff));
                continue;
            }
            if (apply(tracked, verdict)) {
                resolved++;
            }
        }
        return resolved;
    }

    private boolean apply(TrackedTransaction tracked, Verdict verdict) {
        Instant now = clock.instant();
        return switch (verdict) {
            case Verdict.Pending pending -> {
                pending(tracked, pending, now);
                yield false;
            }
            case Verdict.Final done -> resolve(tracked, TrackingStatus.FINAL, done.blockNumber(), done.blockHash(),
                    null, null, done.fee(), now, Outcomes.finalEvent(tracked, done));
            case Verdict.Failed failed -> {
                if (failed.reason() == io.stablerail.events.transaction.FailureReason.MISMATCH) {
                    log.error("MISMATCH {} {} on {} tx {}: {}", tracked.purpose(), tracked.reference(),
                            tracked.chain(), tracked.txHash(), failed.detail());
                }
                yield resolve(tracked, TrackingStatus.FAILED, failed.blockNumber(), failed.blockHash(),
                        failed.reason().name(), failed.detail(), failed.fee(), now, Outcomes.failed(tracked, failed));
            }
            case Verdict.Dropped dropped -> resolve(tracked, TrackingStatus.DROPPED, null, null,
                    dropped.reason().name(), dropped.detail(), null, now, Outcomes.dropped(tracked, dropped));
        };
    }

    private void pending(TrackedTransaction tracked, Verdict.Pending pending, Instant now) {
        Long firstHead = tracked.firstHeadBlock() != null ? tracked.firstHeadBlock() : Long.valueOf(pending.headBlock());
        Instant next = now.plus(properties.recheckInterval());
        if (tracked.status() == TrackingStatus.TRACKING && !pending.mined() && stuck(tracked, firstHead, pending, now)) {
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
            return;
        }
        repository.recordPending(tracked.id(), firstHead, pending.minedBlock(), pending.minedHash(), next);
    }

    private boolean stuck(TrackedTransaction tracked, long firstHead, Verdict.Pending pending, Instant now) {
        ConfirmationProperties.ChainSettings settings = observers.settings(tracked.chain());
        return pending.headBlock() - firstHead >= settings.stuckAfterBlocks()
                || !now.isBefore(tracked.broadcastAt().plus(settings.stuckAfter()));
    }

    private boolean resolve(TrackedTransaction tracked, TrackingStatus status, Long blockNumber, String blockHash,
            String reason, String detail, BigInteger fee, Instant now, DomainEvent event) {
        Boolean changed = transaction.execute(tx -> {
            if (!repository.resolve(tracked.id(), status, blockNumber, blockHash, reason, truncate(detail), fee,
                    now)) {
                return false;
            }
            outbox.append(Topics.TRANSACTIONS, envelope(event, tracked, now));
            return true;
        });
        if (!Boolean.TRUE.equals(changed)) {
            return false;
        }
        metrics.outcome(tracked.chain(), status, reason);
        if (status == TrackingStatus.FINAL) {
            metrics.finalized(tracked.chain(), tracked.purpose(), Duration.between(tracked.detectedAt(), now));
        }
        log.info("{} {} {} on {}: tx {} in block {}{}", status, tracked.purpose(), tracked.reference(),
                tracked.chain(), tracked.txHash(), blockNumber, reason == null ? "" : " (" + reason + ")");
        return true;
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
