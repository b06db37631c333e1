package io.stablerail.events.transaction;

import io.stablerail.events.DomainEvent;

/**
 * A tracked transaction reached finality and passed the checklist (DESIGN rule 4): it exists, succeeded and carries
 * the expected {@code Transfer} log ({@code logIndex}). {@code feeAmount} is the fee actually paid, in
 * {@code feeCurrency}.
 */
public record TransactionFinal(String chain, String chainId, String txHash, long logIndex, long blockNumber,
                               String feeCurrency, String feeAmount) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.final";
    }

    @Override
    public String aggregateId() {
        return chain + ":" + txHash;
    }
}
