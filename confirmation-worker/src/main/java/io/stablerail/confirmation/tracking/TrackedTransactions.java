package io.stablerail.confirmation.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.stablerail.events.transaction.TrackPurpose;

/** The tracked-transaction store. Status changes are conditional on the row still being open. */
public interface TrackedTransactions {

    /** Inserts unless {@code (purpose, reference)} exists; returns whether it inserted. */
    boolean insertIfAbsent(TrackedTransaction transaction, UUID requestEventId);

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

    /** Count of rows per chain and status, for the tracked gauge. */
    Map<String, Map<TrackingStatus, Long>> countByChainAndStatus();

    /** Makes an open row due now (ops retry); returns whether a row was open. */
    boolean makeDue(TrackPurpose purpose, String reference, Instant now);

    /** Up to {@code limit} rows, newest first, optionally of one status. */
    List<TrackedTransaction> list(TrackingStatus status, int limit);
}
