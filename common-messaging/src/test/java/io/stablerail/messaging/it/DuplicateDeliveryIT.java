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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
