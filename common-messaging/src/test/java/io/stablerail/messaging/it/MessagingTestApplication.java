package io.stablerail.messaging.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A minimal service for the messaging fault tests: a record consumer and a batch consumer whose effect is a row in
 * {@code test_effect}.
 */
@SpringBootApplication
public class MessagingTestApplication {

    /** The inbox consumer name of the batch consumer (on the ledger topic, so the record consumer's tests never see it). */
    public static final String BATCH_CONSUMER = "test-batch-consumer";

    /** A batch listener through {@link Inbox#processBatch}; records the size of every batch its effect is given. */
    @Component
    public static class TestBatchConsumer {

        private final Inbox inbox;
        private final JdbcTemplate jdbc;
        private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final List<Integer> effectBatchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicInteger malformedPolls = new AtomicInteger();
        private final AtomicBoolean poisonFixed = new AtomicBoolean();

        public TestBatchConsumer(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(id = "batch-instance", groupId = "batch-instance", batch = "true",
                topics = "#{@topicNames.of(T(io.stablerail.events.Topics).LEDGER)}")
        public void onBatch(List<ConsumerRecord<String, String>> records) {
            if (records.stream().anyMatch(r -> r.value().startsWith("{not json"))) {
                malformedPolls.incrementAndGet();
            }
            inbox.processBatch(BATCH_CONSUMER, records, Set.of("test.happened"), events -> {
                effectBatchSizes.add(events.size());
                for (EventEnvelope event : events) {
                    TestEvent payload = event.payloadAs(TestEvent.class);
                    if (payload.poison()) {
                        attempts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
                        if (!poisonFixed.get()) {
                            throw new IllegalStateException("poison event " + event.eventId());
                        }
                    }
                    jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", event.eventId(),
                            payload.note());
                }
            });
        }

        /** Attempts of a poison event's effect (in a batch or on its own). */
        public int attemptsOf(UUID eventId) {
            AtomicInteger count = attempts.get(eventId);
            return count == null ? 0 : count.get();
        }

        public List<Integer> effectBatchSizes() {
            return List.copyOf(effectBatchSizes);
        }

        public int malformedPolls() {
            return malformedPolls.get();
        }

        public void fixPoison() {
            poisonFixed.set(true);
        }
    }

    /** The inbox consumer name shared by every instance of the test consumer. */
    public static final String CONSUMER = "test-consumer";

    /** Counts deliveries and lets a test mark events as poison (the effect throws) and later fix them. */
    @Component
    public static class TestConsumer {

        private final Inbox inbox;
        private final JdbcTemplate jdbc;
        private final Map<UUID, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        private final AtomicInteger malformedDeliveries = new AtomicInteger();
        private final AtomicBoolean poisonFixed = new AtomicBoolean();

        public TestConsumer(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(id = "instance-a", groupId = "instance-a",
                topics = "#{@topicNames.of(T(io.stablerail.events.Topics).DEPOSITS)}")
        public void instanceA(ConsumerRecord<String, String> record) {
            handle(record);
        }

        /** A second instance, started only by tests that need two consumers racing on the same events. */
        @KafkaListener(id = "instance-b", groupId = "instance-b", autoStartup = "false",
                topics = "#{@topicNames.of(T(io.stablerail.events.Topics).DEPOSITS)}")
        public void instanceB(ConsumerRecord<String, String> record) {
            handle(record);
        }

        private void handle(ConsumerRecord<String, String> record) {
            EventEnvelope event;
            try {
                event = EventJson.read(record.value());
            } catch (RuntimeException e) {
                malformedDeliveries.incrementAndGet();
                throw e;
            }
            deliveries.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
            inbox.process(CONSUMER, event, this::apply);
        }

        private void apply(EventEnvelope event) {
            TestEvent payload = event.payloadAs(TestEvent.class);
            if (payload.poison() && !poisonFixed.get()) {
                throw new IllegalStateException("poison event " + event.eventId());
            }
            jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", event.eventId(), payload.note());
        }

        public int deliveriesOf(UUID eventId) {
            AtomicInteger count = deliveries.get(eventId);
            return count == null ? 0 : count.get();
        }

        public int malformedDeliveries() {
            return malformedDeliveries.get();
        }

        public void fixPoison() {
            poisonFixed.set(true);
        }
    }
}
