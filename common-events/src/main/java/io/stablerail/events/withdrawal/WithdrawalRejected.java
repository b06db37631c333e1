package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A withdrawal was refused before anything was signed: {@code code} is {@code insufficient_funds} (no hold was
 * created) or {@code rejected_by_ops} (the hold is voided by withdrawal-service through the ledger's API).
 */
public record WithdrawalRejected(String withdrawalId, String merchantId, String code) implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.rejected";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
