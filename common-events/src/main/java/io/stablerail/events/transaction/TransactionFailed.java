package io.stablerail.events.transaction;

import io.stablerail.events.DomainEvent;

/**
 * The tracked transaction is final on chain but did not deliver the expected transfer. The fee was burned all the
 * same: the sender paid {@code feeAmount} (base units of {@code feeUnit}). Emitted at most once per reference.
 *
 * @param reason      REVERTED, OUT_OF_ENERGY, MISMATCH or OTHER
 * @param detail      a short human-readable explanation for ops (never a key or secret)
 * @param blockNumber the final block holding the transaction
 * @param blockHash   that block's hash (EVM) or id (TRON)
 */
public record TransactionFailed(TrackPurpose purpose, String reference, String chain, String txHash,
                                FailureReason reason, String detail, long blockNumber, String blockHash,
                                String feeAmount, String feeUnit) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.failed";
    }

    @Override
    public String aggregateId() {
        return reference;
    }
}
