package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetter;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.messaging.outbox.OutboxRelay;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Inbox.processBatch} through a real batch listener: many events are applied together (one transaction per
 * poll), each exactly once even when delivered twice in one poll or again later; a poison event in the middle of a
 * batch is retried and dead-lettered on its own while every other event of its batch is applied once; a malformed
 * record goes to the DLT without retries.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchInboxIT {

    @Autowired Outbox outbox;
    @Autowired TransactionTemplate transaction;
    @Autowired DeadLetters deadLetters;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MessagingTestApplication.TestBatchConsumer consumer;

    @Test
    @Order(1)
    void manyEventsAreAppliedTogetherAndEachOnceEvenWhenDeliveredTwice() throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(EventEnvelope.of(TestEvent.normal("acct-b" + (i % 7), "n" + i), Instant.now()));
        }
        // all 300 published at once (one outbox relay run), then the first 100 again straight to the topic: a
        // redelivery in the same or a later poll
        transaction.executeWithoutResult(status -> outbox.appendAll(Topics.LEDGER, events));
        String topic = topicNames.of(Topics.LEDGER);
        for (EventEnvelope event : events.subList(0, 100)) {
            kafka.send(new ProducerRecord<>(topic, event.aggregateId(), EventJson.write(event))).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> events.stream()
                .allMatch(e -> MessagingTestSupport.effectsOf(jdbc, e.eventId()) >= 1));
        Thread.sleep(1_000); // any late duplicate would have landed by now
        for (EventEnvelope event : events) {
            assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).as(event.eventId().toString())
                    .isEqualTo(1);
        }
        assertThat(consumer.effectBatchSizes()).as("the effect got several events per call (one commit per poll)")
                .anyMatch(size -> size > 1);
        assertThat(consumer.effectBatchSizes().stream().mapToInt(Integer::intValue).sum())
                .as("every event given to the effect once, duplicates filtered by the inbox").isEqualTo(300);
    }

    @Test
    @Order(2)
    void aPoisonEventInABatchIsDeadLetteredAloneAndTheRestOfTheBatchIsAppliedOnce() {
        List<EventEnvelope> before = new ArrayList<>();
        List<EventEnvelope> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(EventEnvelope.of(TestEvent.normal("acct-p", "before " + i), Instant.now()));
            after.add(EventEnvelope.of(TestEvent.normal("acct-p", "after " + i), Instant.now()));
        }
        EventEnvelope poison = EventEnvelope.of(TestEvent.poisoned("acct-p", "poison"), Instant.now());
        List<EventEnvelope> all = new ArrayList<>(before);
        all.add(poison);
        all.addAll(after);
        transaction.executeWithoutResult(status -> outbox.appendAll(Topics.LEDGER, all));

        List<DeadLetter> dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters.list(Topics.LEDGER, 100), list -> !list.isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().filter(e -> e != poison)
                .allMatch(e -> MessagingTestSupport.effectsOf(jdbc, e.eventId()) == 1));
        assertThat(MessagingTestSupport.effectsOf(jdbc, poison.eventId())).isZero();
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().value()).contains(poison.eventId().toString());
        assertThat(dead.getFirst().exceptionMessage()).contains("poison event");
        // attempts-max = 3 on its own, plus the batch attempt(s) that found it first
        assertThat(consumer.attemptsOf(poison.eventId())).isBetween(4, 6);
        for (EventEnvelope event : all) {
            if (event != poison) {
                assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).isEqualTo(1);
            }
        }

        consumer.fixPoison();
        deadLetters.replay(Topics.LEDGER, dead.getFirst().partition(), dead.getFirst().offset());
        deadLetters.replay(Topics.LEDGER, dead.getFirst().partition(), dead.getFirst().offset());
        await().atMost(Duration.ofSeconds(30)).until(() -> MessagingTestSupport.effectsOf(jdbc, poison.eventId()) == 1);
    }

    @Test
    @Order(3)
    void aMalformedRecordInABatchIsDeadLetteredWithoutRetriesAndItsNeighboursAreApplied() throws Exception {
        String topic = topicNames.of(Topics.LEDGER);
        EventEnvelope first = EventEnvelope.of(TestEvent.normal("acct-m", "first"), Instant.now());
        EventEnvelope last = EventEnvelope.of(TestEvent.normal("acct-m", "last"), Instant.now());
        int pollsBefore = consumer.malformedPolls();
        int deadBefore = deadLetters.list(Topics.LEDGER, 100).size();
        kafka.send(new ProducerRecord<>(topic, "acct-m", EventJson.write(first)));
        kafka.send(new ProducerRecord<>(topic, "acct-m", "{not json"));
        kafka.send(new ProducerRecord<>(topic, "acct-m", EventJson.write(last))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.LEDGER, 100).size() == deadBefore + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> MessagingTestSupport.effectsOf(jdbc, last.eventId()) == 1);
        assertThat(MessagingTestSupport.effectsOf(jdbc, first.eventId())).isEqualTo(1);
        assertThat(consumer.malformedPolls() - pollsBefore).as("not retried").isEqualTo(1);
        assertThat(deadLetters.list(Topics.LEDGER, 100).getLast().exceptionClass())
                .contains("MalformedEventException");
    }
    /**
     * A record whose relay type header names a type the consumer does not act on is acknowledged without its value
     * being read: even a body that is not JSON goes neither to the effect nor to the DLT. A header naming the
     * consumer's own type does not skip anything.
     */
    @Test
    @Order(4)
    void aRecordTypedOtherwiseByItsHeaderIsAcknowledgedWithoutBeingParsed() throws Exception {
        String topic = topicNames.of(Topics.LEDGER);
        EventEnvelope ours = EventEnvelope.of(TestEvent.normal("acct-h", "typed as ours"), Instant.now());
        EventEnvelope last = EventEnvelope.of(TestEvent.normal("acct-h", "after the skipped one"), Instant.now());
        int deadBefore = deadLetters.list(Topics.LEDGER, 100).size();
        int effectsBefore = consumer.effectBatchSizes().stream().mapToInt(Integer::intValue).sum();

        kafka.send(typed(topic, "test.happened", EventJson.write(ours)));
        kafka.send(typed(topic, "test.other", "this body is not read: the header says it is not ours"));
        kafka.send(new ProducerRecord<>(topic, "acct-h", EventJson.write(last))).get(); // no header: parsed

        await().atMost(Duration.ofSeconds(30)).until(() -> MessagingTestSupport.effectsOf(jdbc, last.eventId()) == 1);
        assertThat(MessagingTestSupport.effectsOf(jdbc, ours.eventId())).isEqualTo(1);
        Thread.sleep(1_000); // a dead letter for the skipped record would have landed by now
        assertThat(deadLetters.list(Topics.LEDGER, 100)).hasSize(deadBefore);
        assertThat(consumer.effectBatchSizes().stream().mapToInt(Integer::intValue).sum() - effectsBefore)
                .as("only the two events of the consumer's type reached the effect").isEqualTo(2);
    }

    private static ProducerRecord<String, String> typed(String topic, String type, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, "acct-h", value);
        record.headers().add(OutboxRelay.HEADER_EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
