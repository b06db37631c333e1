package io.stablerail.events.ledger;

import java.time.Instant;
import java.util.List;

import io.stablerail.events.DomainEvent;

/** A journal entry was recorded. Each posting: account code, currency, signed amount (credit positive). */
public record EntryPosted(String entryId, String idempotencyKey, String entryType, Instant occurredAt,
                          String reference, List<Posting> postings) implements DomainEvent {

    public record Posting(String account, String currency, String amount) {
    }

    @Override
    public String type() {
        return "entry.posted";
    }

    @Override
    public String aggregateId() {
        return entryId;
    }
}
