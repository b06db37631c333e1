package io.stablerail.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.MalformedEventException;
import io.stablerail.messaging.outbox.OutboxRelay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exactly-once effects over at-least-once delivery (DESIGN rule 6): the effect and the {@code (consumer, event_id)}
 * inbox row commit in one transaction. A second delivery — later, or at the same moment on another instance, which
 * then waits on the primary key until the first commits — finds the row and does nothing.
 *
 * <p>A batch listener hands a whole poll to {@link #processBatch}: the inbox rows and effects of every new event in it
 * commit in one transaction (one durable commit per poll instead of one per event). If anything in the batch fails,
 * the batch rolls back and its events are processed one by one, each in its own transaction, so a single bad event is
 * named to the error handler ({@link BatchListenerFailedException}): the events before it stay committed, it is retried
 * and dead-lettered on its own, the events after it are delivered again.
 */
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

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
        return process(consumer, recordValue, event -> types.contains(event.type()), effect);
    }

    /**
     * As {@link #process(String, String, Set, Consumer)} with any test of the parsed event — e.g. its type and a field
     * of its payload (an outcome topic shared by deposits and withdrawals): an event {@code relevant} refuses is
     * acknowledged without touching the database.
     */
    public boolean process(String consumer, String recordValue, Predicate<EventEnvelope> relevant,
            Consumer<EventEnvelope> effect) {
        EventEnvelope event = EventJson.read(recordValue);
        if (!relevant.test(event)) {
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

    /**
     * Processes one poll of a batch listener ({@code @KafkaListener(batch = "true")}): the events of {@code types}
     * that {@code consumer} has not processed yet go to {@code effect} together, in record order, in one transaction
     * with their inbox rows; other types are acknowledged without a database write. {@code effect} must apply every
     * event it is given or throw (then nothing of the batch commits, and the events are retried one by one with a
     * one-element list each).
     *
     * <p>A record whose {@value OutboxRelay#HEADER_EVENT_TYPE} header (set by the outbox relay from the event it
     * publishes) names a type outside {@code types} is acknowledged without parsing its value: most records a consumer
     * ignores cost it nothing but the header. A record without that header is parsed and judged by its body.
     *
     * <p>A malformed record: the records before it are processed, then it goes to the error handler (DLT, no retries);
     * the records after it are delivered again.
     *
     * @throws BatchListenerFailedException naming the record that failed on its own, with its cause
     */
    public void processBatch(String consumer, List<ConsumerRecord<String, String>> records, Set<String> types,
            Consumer<List<EventEnvelope>> effect) {
        processBatch(consumer, records, record -> typedOtherwise(record, types), event -> types.contains(event.type()),
                effect);
    }

    /** As {@link #processBatch(String, List, Set, Consumer)} with any test of the parsed event (every record parsed). */
    public void processBatch(String consumer, List<ConsumerRecord<String, String>> records,
            Predicate<EventEnvelope> ours, Consumer<List<EventEnvelope>> effect) {
        processBatch(consumer, records, record -> false, ours, effect);
    }

    /** True when the relay's type header names a type outside {@code types}. */
    private static boolean typedOtherwise(ConsumerRecord<String, String> record, Set<String> types) {
        Header header = record.headers().lastHeader(OutboxRelay.HEADER_EVENT_TYPE);
        return header != null && !types.contains(new String(header.value(), StandardCharsets.UTF_8));
    }

    private void processBatch(String consumer, List<ConsumerRecord<String, String>> records,
            Predicate<ConsumerRecord<String, String>> ignorable, Predicate<EventEnvelope> ours,
            Consumer<List<EventEnvelope>> effect) {
        Map<UUID, Integer> positions = new LinkedHashMap<>();
        List<EventEnvelope> relevant = new ArrayList<>(records.size());
        int ignored = 0;
        for (int i = 0; i < records.size(); i++) {
            if (ignorable.test(records.get(i))) {
                ignored++;
                continue;
            }
            EventEnvelope event;
            try {
                event = EventJson.read(records.get(i).value());
            } catch (MalformedEventException malformed) {
                applyBatch(consumer, relevant, positions, effect);
                throw new BatchListenerFailedException(malformed.getMessage(), malformed, i);
            }
            if (!ours.test(event)) {
                ignored++;
            } else if (positions.putIfAbsent(event.eventId(), i) == null) {
                relevant.add(event);
            } else {
                duplicates(consumer).increment();
            }
        }
        if (ignored > 0) {
            Counter.builder("stablerail.inbox.ignored").tag("consumer", consumer).register(meters).increment(ignored);
        }
        applyBatch(consumer, relevant, positions, effect);
    }

    private void applyBatch(String consumer, List<EventEnvelope> events, Map<UUID, Integer> positions,
            Consumer<List<EventEnvelope>> effect) {
        if (events.isEmpty()) {
            return;
        }
        List<EventEnvelope> fresh;
        try {
            fresh = transaction.execute(status -> {
                Set<UUID> inserted = insertAll(consumer, events);
                List<EventEnvelope> news = events.stream().filter(e -> inserted.contains(e.eventId())).toList();
                if (!news.isEmpty()) {
                    effect.accept(news);
                }
                return news;
            });
        } catch (RuntimeException batchFailed) {
            log.info("{}: a batch of {} events failed ({}); processing them one by one", consumer, events.size(),
                    batchFailed.toString());
            for (EventEnvelope event : events) {
                try {
                    process(consumer, event, one -> effect.accept(List.of(one)));
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException(consumer + ": event " + event.eventId() + " ("
                            + event.type() + ") failed: " + failed.getMessage(), failed, positions.get(event.eventId()));
                }
            }
            return;
        }
        Counter.builder("stablerail.inbox.applied").tag("consumer", consumer).register(meters)
                .increment(fresh.size());
        if (fresh.size() < events.size()) {
            duplicates(consumer).increment(events.size() - fresh.size());
        }
    }

    /** Inserts the inbox rows of {@code events} in one statement; returns the ids that were new. */
    private Set<UUID> insertAll(String consumer, List<EventEnvelope> events) {
        String[] ids = new String[events.size()];
        String[] types = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).eventId().toString();
            types[i] = events.get(i).type();
        }
        Set<UUID> inserted = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO inbox_event (consumer, event_id, event_type)
                    SELECT ?, e::uuid, t FROM unnest(?::text[], ?::text[]) AS u(e, t)
                    ON CONFLICT DO NOTHING RETURNING event_id""");
            statement.setString(1, consumer);
            statement.setArray(2, connection.createArrayOf("text", ids));
            statement.setArray(3, connection.createArrayOf("text", types));
            return statement;
        }, row -> {
            inserted.add(row.getObject(1, UUID.class));
        });
        return inserted;
    }

    private Counter duplicates(String consumer) {
        return Counter.builder("stablerail.inbox.duplicates").tag("consumer", consumer).register(meters);
    }
}
