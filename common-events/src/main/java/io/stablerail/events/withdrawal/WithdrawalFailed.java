package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A withdrawal ended without a transfer: the ledger voids its hold and, when a transaction was mined and failed
 * (revert, out of energy), books the burned fee ({@code txHash} and {@code feeAmount} set; otherwise null).
 */
public record WithdrawalFailed(String withdrawalId, String merchantId, String holdId, String chain, String chainId,
                               String txHash, String hotWallet, String feeCurrency, String feeAmount)
        implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.failed";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
