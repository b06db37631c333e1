package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A merchant's withdrawal intent was recorded and its funds reserved under {@code holdId}; {@code status} is where
 * policy put it ({@code APPROVED} or {@code PENDING_APPROVAL}). {@code amount} is integer minor units of
 * {@code currency}.
 */
public record WithdrawalRequested(String withdrawalId, String merchantId, String holdId, String chain,
                                  String currency, String amount, String toAddress, String reference, String status)
        implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.requested";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
