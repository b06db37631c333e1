package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/** A withdrawal was cancelled before it was signed; withdrawal-service voids its hold through the ledger's API. */
public record WithdrawalCancelled(String withdrawalId, String merchantId, String holdId, String cancelledBy)
        implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.cancelled";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
