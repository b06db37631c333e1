package io.stablerail.confirmation.tracking;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

import io.stablerail.events.transaction.TrackPurpose;

/**
 * One tracked transaction as stored: what is expected of it and how far the checker got.
 *
 * @param amount         expected amount, integer base units
 * @param logIndex       expected log index (deposits), or null
 * @param nonce          EVM withdrawal nonce, or null
 * @param expirationAt   TRON withdrawal expiration, or null
 * @param firstHeadBlock the chain head at the first check (the start of the stuck bound), or null before it
 * @param blockSeenNumber the block the transaction was last seen in (not necessarily final), or null
 * @param attempts        looks at the chain so far
 * @param consecutiveErrors failed looks in a row (nodes unavailable); sets the backoff
 */
public record TrackedTransaction(UUID id, TrackPurpose purpose, String reference, String chain, String txHash,
        String tokenContract, String fromAddress, String toAddress, BigInteger amount, Long logIndex, Long nonce,
        Instant expirationAt, Instant broadcastAt, TrackingStatus status, Instant detectedAt, Long firstHeadBlock,
        Long blockSeenNumber, String blockSeenHash, int attempts, int consecutiveErrors, Instant nextCheckAt,
        String outcomeReason, String outcomeDetail, BigInteger feeAmount, Instant resolvedAt) {
}
