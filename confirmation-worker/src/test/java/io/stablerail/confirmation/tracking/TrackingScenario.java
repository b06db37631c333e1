package io.stablerail.confirmation.tracking;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.messaging.TopicNames;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** Test story steps shared by the devnet ITs: request tracking over Kafka, run the checker, read the outbox. */
final class TrackingScenario {

    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topics;
    private final JdbcTemplate jdbc;
    private final Tracker tracker;

    TrackingScenario(KafkaTemplate<String, String> kafka, TopicNames topics, JdbcTemplate jdbc, Tracker tracker) {
        this.kafka = kafka;
        this.topics = topics;
        this.jdbc = jdbc;
        this.tracker = tracker;
    }

    EventEnvelope publish(TrackRequest request) {
        EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID(), request, Instant.now());
        publish(envelope);
        return envelope;
    }

    void publish(EventEnvelope envelope) {
        try {
            kafka.send(new ProducerRecord<>(topics.of(Topics.TRACK_REQUESTS), envelope.aggregateId(),
                    EventJson.write(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the request and waits until the worker has stored it. */
    TrackedTransaction track(TrackRequest request) {
        publish(request);
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.find(request.purpose(), request.reference())
                .isPresent());
        return tracker.find(request.purpose(), request.reference()).orElseThrow();
    }

    /** One checker run over every chain, as the periodic task does. */
    void check() {
        tracker.checkDue();
    }

    TrackedTransaction row(TrackPurpose purpose, String reference) {
        return tracker.find(purpose, reference).orElseThrow();
    }

    /** The outcome events announced for a reference, in outbox order. */
    List<EventEnvelope> outcomes(String reference) {
        return jdbc.query("SELECT payload FROM outbox_event WHERE message_key = ? AND topic = ? ORDER BY id",
                (rs, n) -> EventJson.read(rs.getString("payload")), reference, topics.of(Topics.TRANSACTIONS));
    }

    int trackedRows(TrackPurpose purpose, String reference) {
        return jdbc.queryForObject("SELECT count(*) FROM tracked_transaction WHERE purpose = ? AND reference = ?",
                Integer.class, purpose.name(), reference);
    }

    int inboxRows(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class, eventId);
    }
}
