package io.stablerail.events.transaction;

import io.stablerail.events.DomainEvent;

/**
 * The tracked transaction is provably dead (DESIGN rule 5): it is not on chain and can never be. Nothing moved and no
 * fee was paid; withdrawal-service may build a new attempt. Emitted at most once per reference.
 *
 * @param reason                 EXPIRED (TRON) or NONCE_CONSUMED (EVM)
 * @param detail                 a short explanation for ops
 * @param finalityBlockNumber    the final block (TRON solidified head; EVM finality point) the proof was made at
 */
public record TransactionDropped(TrackPurpose purpose, String reference, String chain, String txHash,
                                 DropReason reason, String detail, long finalityBlockNumber) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.dropped";
    }

    @Override
    public String aggregateId() {
        return reference;
    }
}
