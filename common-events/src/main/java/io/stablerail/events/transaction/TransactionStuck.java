package io.stablerail.events.transaction;

import java.time.Instant;

import io.stablerail.events.DomainEvent;

/**
 * The tracked transaction has not been mined within the chain's configured bound (blocks or time since tracking
 * began). A warning, not an outcome: tracking goes on and a later {@code transaction.final|failed|dropped} still
 * follows. Replacing it (same nonce, higher fees) is withdrawal-service's job. Emitted at most once per reference.
 *
 * @param nonce          the attempt's nonce (EVM withdrawals), else null
 * @param trackedSince   when tracking began (broadcast or detection)
 * @param blocksWaited   blocks produced since tracking began, as far as the worker saw
 * @param headBlockNumber the chain head when the bound was exceeded
 */
public record TransactionStuck(TrackPurpose purpose, String reference, String chain, String txHash, Long nonce,
                               Instant trackedSince, long blocksWaited, long headBlockNumber) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.stuck";
    }

    @Override
    public String aggregateId() {
        return reference;
    }
}
