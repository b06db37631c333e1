package io.stablerail.events.withdrawal;

import java.util.List;

import io.stablerail.events.DomainEvent;

/** A withdrawal that needed ops approval got enough of it ({@code approvers}, none of them the requester). */
public record WithdrawalApproved(String withdrawalId, String merchantId, List<String> approvers)
        implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.approved";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
