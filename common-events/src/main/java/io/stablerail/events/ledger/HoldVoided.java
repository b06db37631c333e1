package io.stablerail.events.ledger;

import io.stablerail.events.DomainEvent;

/** A hold was released in full: {@code reason} is {@code VOIDED} (by request) or {@code EXPIRED}. */
public record HoldVoided(String holdId, String merchantId, String currency, String amount, String reason,
                         String entryId) implements DomainEvent {

    @Override
    public String type() {
        return "hold.voided";
    }

    @Override
    public String aggregateId() {
        return holdId;
    }
}
