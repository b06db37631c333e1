package io.stablerail.messaging.outbox;

import java.sql.PreparedStatement;
import java.util.List;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.messaging.TopicNames;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the outbox inside the caller's own database transaction (DESIGN rule 6: the fact and its
 * announcement commit together or not at all). Call it after the aggregate's row has been written, so writers of
 * one aggregate are serialized by that row's lock and their events get ids in commit order.
 */
public class Outbox {

    private final JdbcTemplate jdbc;
    private final TopicNames topicNames;
    /** Told once per transaction that wrote events, after it committed (the relay: publish now, not at its next tick). */
    private volatile Runnable afterCommit;
    private final TransactionSynchronization wake = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            Runnable listener = afterCommit;
            if (listener != null) {
                listener.run();
            }
        }
    };

    public Outbox(JdbcTemplate jdbc, TopicNames topicNames) {
        this.jdbc = jdbc;
        this.topicNames = topicNames;
    }

    /** {@code listener} runs after each commit of a transaction that appended events; it must return at once. */
    public void onCommitted(Runnable listener) {
        this.afterCommit = listener;
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

    /** Appends several events with one statement, in list order (ids follow the list). */
    public void appendAll(String baseTopic, List<EventEnvelope> envelopes) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append must run inside the transaction of the state change");
        }
        if (envelopes.isEmpty()) {
            return;
        }
        if (afterCommit != null && TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.getSynchronizations().contains(wake)) {
            TransactionSynchronizationManager.registerSynchronization(wake);
        }
        String topic = topicNames.of(baseTopic);
        int n = envelopes.size();
        String[] ids = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope envelope = envelopes.get(i);
            ids[i] = envelope.eventId().toString();
            keys[i] = envelope.aggregateId();
            types[i] = envelope.type();
            payloads[i] = EventJson.write(envelope);
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                    SELECT e::uuid, ?, k, t, p FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                           WITH ORDINALITY AS u(e, k, t, p, n) ORDER BY n""");
            statement.setString(1, topic);
            statement.setArray(2, connection.createArrayOf("text", ids));
            statement.setArray(3, connection.createArrayOf("text", keys));
            statement.setArray(4, connection.createArrayOf("text", types));
            statement.setArray(5, connection.createArrayOf("text", payloads));
            return statement;
        });
    }
}
