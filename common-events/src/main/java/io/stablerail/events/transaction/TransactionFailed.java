package io.stablerail.events.transaction;

import io.stablerail.events.DomainEvent;

/**
 * A tracked transaction was mined at finality but failed (revert, out of energy): nothing was transferred, the fee
 * {@code feeAmount} in {@code feeCurrency} was burned. {@code reason} is the node's reason, for people.
 */
public record TransactionFailed(String chain, String chainId, String txHash, long blockNumber, String reason,
                                String feeCurrency, String feeAmount) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.failed";
    }

    @Override
    public String aggregateId() {
        return chain + ":" + txHash;
    }
}
