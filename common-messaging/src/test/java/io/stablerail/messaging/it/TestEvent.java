package io.stablerail.messaging.it;

import io.stablerail.events.DomainEvent;

/** The event of the messaging tests; {@code poison} makes the test consumer's effect fail until fixed. */
public record TestEvent(String accountId, String note, boolean poison) implements DomainEvent {

    public static TestEvent normal(String accountId, String note) {
        return new TestEvent(accountId, note, false);
    }

    public static TestEvent poisoned(String accountId, String note) {
        return new TestEvent(accountId, note, true);
    }

    @Override
    public String type() {
        return "test.happened";
    }

    @Override
    public String aggregateId() {
        return accountId;
    }
}
