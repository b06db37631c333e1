package io.stablerail.messaging.outbox;

import java.util.List;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.messaging.TopicNames;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the outbox inside the caller's own database transaction (DESIGN rule 6: the fact and its
 * announcement commit together or not at all). Call it after the aggregate's row has been written, so writers of
 * one aggregate are serialized by that row's lock and their events get ids in commit order.
 */
public class Outbox {

    private final JdbcTemplate jdbc;
    private final TopicNames topicNames;

    public Outbox(JdbcTemplate jdbc, TopicNames topicNames) {
        this.jdbc = jdbc;
        this.topicNames = topicNames;
    }

    /**
     * @param baseTopic a topic of {@code io.stablerail.events.Topics}
     * @param envelope  the event; its aggregate id becomes the Kafka key
     * @throws IllegalStateException when no transaction is active: an outbox row written on its own could announce
     *                               a state change that then rolls back
     */
    public void append(String baseTopic, EventEnvelope envelope) {
        appendAll(baseTopic, List.of(envelope));
    }

    /** Appends several events in one batched statement, in list order. */
    public void appendAll(String baseTopic, List<EventEnvelope> envelopes) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append must run inside the transaction of the state change");
        }
        String topic = topicNames.of(baseTopic);
        jdbc.batchUpdate("INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload) "
                        + "VALUES (?, ?, ?, ?, ?)",
                envelopes.stream().map(e -> new Object[] {e.eventId(), topic, e.aggregateId(), e.type(),
                        EventJson.write(e)}).toList());
    }
}
