package io.stablerail.confirmation.tracking;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.events.transaction.TrackPurpose;

/** The tracked-transaction store. Status changes are conditional on the row still being open. */
public interface TrackedTransactions {

    /**
     * Inserts each row unless its {@code (purpose, reference)} exists, with one statement; returns the ids of the rows
     * it inserted. {@code requestEventIds} are the rows' request events, in the same order.
     */
    java.util.Set<UUID> insertAllIfAbsent(List<TrackedTransaction> rows, List<UUID> requestEventIds);

    Optional<TrackedTransaction> find(TrackPurpose purpose, String reference);

    /** Up to {@code limit} open rows of {@code chain} due at {@code now}, oldest due first. */
    List<TrackedTransaction> due(String chain, Instant now, int limit);

    /** Records a look that decided nothing. */
    void recordPending(UUID id, Long firstHeadBlock, Long blockSeenNumber, String blockSeenHash, Instant nextCheckAt);

    /** Records a failed look (nodes unavailable); {@code error} is a short message, never a secret. */
    void recordError(UUID id, String error, Instant nextCheckAt);

    /** TRACKING → STUCK; returns whether this call made the change. */
    boolean markStuck(UUID id, Long firstHeadBlock, Instant now, Instant nextCheckAt);

    /**
     * Open → {@code status} (FINAL, FAILED or DROPPED); returns whether this call made the change, so exactly one
     * caller announces it.
     */
    boolean resolve(UUID id, TrackingStatus status, Long blockNumber, String blockHash, String reason, String detail,
            java.math.BigInteger fee, Instant now);

    /**
     * Locks the rows (those that exist) in id order, in the caller's transaction, so writers of several rows at once
     * (racing checkers) wait for each other instead of deadlocking.
     */
    void lock(Collection<UUID> ids);

    /**
     * Open → final for each row that is still open, in one statement; returns the ids this call changed (exactly one
     * caller announces each).
     */
    Set<UUID> resolveAll(List<Resolution> resolutions, Instant now);

    /** {@link #recordPending} for many rows in one statement. */
    void recordPendings(List<PendingLook> looks);

    /** {@link #recordError} for many rows in one statement. */
    void recordErrors(List<FailedLook> looks);

    /** What {@link #resolve} writes, for one row. */
    record Resolution(UUID id, TrackingStatus status, Long blockNumber, String blockHash, String reason, String detail,
            BigInteger fee) {
        public Resolution {
            if (status.isOpen()) {
                throw new IllegalArgumentException("a resolution needs a final status, got " + status);
            }
        }
    }

    /** What {@link #recordPending} writes, for one row. */
    record PendingLook(UUID id, Long firstHeadBlock, Long blockSeenNumber, String blockSeenHash, Instant nextCheckAt) {
    }

    /** What {@link #recordError} writes, for one row. */
    record FailedLook(UUID id, String error, Instant nextCheckAt) {
    }

    /** Count of rows per chain and status, for the tracked gauge. */
    Map<String, Map<TrackingStatus, Long>> countByChainAndStatus();

    /** Makes an open row due now (ops retry); returns whether a row was open. */
    boolean makeDue(TrackPurpose purpose, String reference, Instant now);

    /** Up to {@code limit} rows, newest first, optionally of one status. */
    List<TrackedTransaction> list(TrackingStatus status, int limit);
}
