package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.inbox.Inbox;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Fault: the same event delivered twice, and at the same moment to two consumer instances. The effect happens once.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class)
class DuplicateDeliveryIT {

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired JdbcTemplate jdbc;
    @Autowired Inbox inbox;
    @Autowired KafkaListenerEndpointRegistry listeners;
    @Autowired MessagingTestApplication.TestConsumer consumer;

    @Test
    void sameEventTwiceToTwoInstancesHasOneEffect() throws Exception {
        listeners.getListenerContainer("instance-b").start();
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-dup", "credit 5"), Instant.now());
        String json = EventJson.write(event);
        String topic = topicNames.of(Topics.DEPOSITS);

        kafka.send(new ProducerRecord<>(topic, event.aggregateId(), json)).get();
        kafka.send(new ProducerRecord<>(topic, event.aggregateId(), json)).get();

        // each instance is its own group, so each receives both copies: four deliveries in all
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deliveriesOf(event.eventId()) == 4);
        assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).isEqualTo(1);
    }

    @Test
    void concurrentProcessingOfOneEventRunsTheEffectOnce() throws Exception {
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-race", "credit 7"), Instant.now());
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return inbox.process(MessagingTestApplication.CONSUMER, event, e -> {
                        jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", e.eventId(), "race");
                        sleep(50); // hold the transaction open so the others must wait on the inbox key
                    });
                }));
            }
            int applied = 0;
            for (Future<Boolean> outcome : outcomes) {
                applied += outcome.get() ? 1 : 0;
            }
            assertThat(applied).isEqualTo(1);
        }
        assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).isEqualTo(1);
    }

    @Test
    void aFailedEffectLeavesNoInboxRowSoTheRetryApplies() {
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-retry", "credit 9"), Instant.now());

        try {
            inbox.process(MessagingTestApplication.CONSUMER, event, e -> {
                jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", e.eventId(), "half done");
                throw new IllegalStateException("effect failed midway");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back: neither the effect row nor the inbox row exists
        }
        assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).isZero();

        boolean applied = inbox.process(MessagingTestApplication.CONSUMER, event, e ->
                jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", e.eventId(), "done"));

        assertThat(applied).isTrue();
        assertThat(jdbc.queryForList("SELECT note FROM test_effect WHERE event_id = ?", String.class, event.eventId()))
                .containsExactly("done");
    }

    /**
     * A consumer passes over what is not its business (an outcome topic shared by deposits and withdrawals): the event
     * is parsed, the predicate says no, and nothing is written — no effect, no inbox row — singly or in a batch, while
     * the relevant neighbour in the batch is applied.
     */
    @Test
    void anEventTheConsumerPassesOverLeavesNoInboxRowAndRunsNoEffect() {
        EventEnvelope other = EventEnvelope.of(TestEvent.normal("acct-other", "not ours"), Instant.now());
        EventEnvelope ours = EventEnvelope.of(TestEvent.normal("acct-ours", "credit 3"), Instant.now());
        java.util.function.Predicate<EventEnvelope> relevant = e -> e.eventId().equals(ours.eventId());

        boolean applied = inbox.process(MessagingTestApplication.CONSUMER, EventJson.write(other), relevant, e ->
                jdbc.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", e.eventId(), "wrongly done"));
        inbox.processBatch(MessagingTestApplication.CONSUMER, List.of(
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("t", 0, 0L, "k", EventJson.write(other)),
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("t", 0, 1L, "k", EventJson.write(ours))),
                relevant, events -> events.forEach(e -> jdbc.update(
                        "INSERT INTO test_effect (event_id, note) VALUES (?, ?)", e.eventId(), "done")));

        assertThat(applied).isFalse();
        assertThat(MessagingTestSupport.effectsOf(jdbc, other.eventId())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class,
                other.eventId())).isZero();
        assertThat(MessagingTestSupport.effectsOf(jdbc, ours.eventId())).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class,
                ours.eventId())).isOne();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
