package io.stablerail.events.ledger;

import io.stablerail.events.DomainEvent;

/** A hold was posted: {@code postedAmount} left the merchant, the rest of {@code amount} went back to available. */
public record HoldPosted(String holdId, String merchantId, String currency, String amount, String postedAmount,
                         String entryId) implements DomainEvent {

    @Override
    public String type() {
        return "hold.posted";
    }

    @Override
    public String aggregateId() {
        return holdId;
    }
}
