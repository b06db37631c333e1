package io.stablerail.messaging.inbox;

import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exactly-once effects over at-least-once delivery (DESIGN rule 6): the effect and the {@code (consumer, event_id)}
 * inbox row commit in one transaction. A second delivery — later, or at the same moment on another instance, which
 * then waits on the primary key until the first commits — finds the row and does nothing.
 */
public class Inbox {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    public Inbox(JdbcTemplate jdbc, TransactionTemplate transaction, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.meters = meters;
    }

    /**
     * Parses the record value and processes it. A malformed value raises
     * {@link io.stablerail.events.MalformedEventException}, which the error handler sends straight to the DLT.
     */
    public boolean process(String consumer, String recordValue, Consumer<EventEnvelope> effect) {
        return process(consumer, EventJson.read(recordValue), effect);
    }

    /**
     * As {@link #process(String, String, Consumer)}, for a consumer that acts on some event types of a topic only:
     * another type is acknowledged without touching the database (counter {@code stablerail.inbox.ignored}) — it has
     * no effect to make exactly once, so an inbox row and a durable commit for it would be pure cost (one per event on
     * a shared topic). The value is still parsed first: a malformed record goes to the DLT whatever its type.
     *
     * @return {@code true} if the effect ran and committed, {@code false} for a duplicate or an ignored type
     */
    public boolean process(String consumer, String recordValue, Set<String> types, Consumer<EventEnvelope> effect) {
        EventEnvelope event = EventJson.read(recordValue);
        if (!types.contains(event.type())) {
            Counter.builder("stablerail.inbox.ignored").tag("consumer", consumer).register(meters).increment();
            return false;
        }
        return process(consumer, event, effect);
    }

    /**
     * Runs {@code effect} unless {@code consumer} has already processed this event.
     *
     * @return {@code true} if the effect ran and committed, {@code false} for a duplicate
     */
    public boolean process(String consumer, EventEnvelope event, Consumer<EventEnvelope> effect) {
        Boolean applied = transaction.execute(status -> {
            int inserted = jdbc.update("INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", consumer, event.eventId(), event.type());
            if (inserted == 0) {
                return false;
            }
            effect.accept(event);
            return true;
        });
        boolean ran = Boolean.TRUE.equals(applied);
        Counter.builder(ran ? "stablerail.inbox.applied" : "stablerail.inbox.duplicates")
                .tag("consumer", consumer).register(meters).increment();
        return ran;
    }
}
