package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetter;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Faults: a poison event goes to the dead-letter topic after exactly N attempts while the events around it keep
 * flowing; a malformed event goes there at once; replaying the dead letter (twice) applies the effect once. The relay
 * runs on its own schedule here, as in a service.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class PoisonAndReplayIT {

    static final EventEnvelope BEFORE = EventEnvelope.of(TestEvent.normal("acct-p", "before"), Instant.now());
    static final EventEnvelope POISON = EventEnvelope.of(TestEvent.poisoned("acct-p", "poison"), Instant.now());
    static final EventEnvelope AFTER = EventEnvelope.of(TestEvent.normal("acct-p", "after"), Instant.now());

    @Autowired Outbox outbox;
    @Autowired TransactionTemplate transaction;
    @Autowired DeadLetters deadLetters;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MessagingTestApplication.TestConsumer consumer;

    @Test
    @Order(1)
    void poisonGoesToTheDeadLetterTopicAfterExactlyThreeAttemptsAndOthersKeepFlowing() {
        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, BEFORE);
            outbox.append(Topics.DEPOSITS, POISON);
            outbox.append(Topics.DEPOSITS, AFTER);
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> MessagingTestSupport.effectsOf(jdbc, AFTER.eventId()) == 1);
        assertThat(MessagingTestSupport.effectsOf(jdbc, BEFORE.eventId())).isEqualTo(1);
        assertThat(MessagingTestSupport.effectsOf(jdbc, POISON.eventId())).isZero();
        assertThat(consumer.deliveriesOf(POISON.eventId())).as("attempts-max = 3").isEqualTo(3);

        List<DeadLetter> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters.list(Topics.DEPOSITS, 100), list -> !list.isEmpty());
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.getFirst();
        assertThat(letter.value()).contains(POISON.eventId().toString());
        assertThat(letter.originalTopic()).isEqualTo(topicNames.of(Topics.DEPOSITS));
        assertThat(letter.exceptionMessage()).contains("poison event");
    }

    @Test
    @Order(2)
    void replayingTheDeadLetterTwiceAppliesTheEffectOnce() {
        DeadLetter letter = deadLetters.list(Topics.DEPOSITS, 100).getFirst();
        consumer.fixPoison();

        deadLetters.replay(Topics.DEPOSITS, letter.partition(), letter.offset());
        deadLetters.replay(Topics.DEPOSITS, letter.partition(), letter.offset());

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deliveriesOf(POISON.eventId()) == 5);
        assertThat(MessagingTestSupport.effectsOf(jdbc, POISON.eventId())).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aMalformedEventIsDeadLetteredWithoutRetries() throws Exception {
        int before = consumer.malformedDeliveries();
        kafka.send(new ProducerRecord<>(topicNames.of(Topics.DEPOSITS), "acct-bad", "{not json")).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.DEPOSITS, 100).size() == 2);
        assertThat(consumer.malformedDeliveries() - before).as("not retried").isEqualTo(1);
        assertThat(deadLetters.list(Topics.DEPOSITS, 100).getLast().exceptionClass())
                .contains("MalformedEventException");
    }

    @Test
    @Order(4)
    void replayOfAnAddressWithNoRecordIsRefused() {
        assertThatThrownBy(() -> deadLetters.replay(Topics.DEPOSITS, 0, 9_999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no dead letter");
        assertThatThrownBy(() -> deadLetters.list(Topics.DEPOSITS, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(5)
    void deadLetterSizesCountEachTopicsRecordsWithoutLoggingWarnings(CapturedOutput output) {
        int before = output.getAll().length();

        var sizes = deadLetters.sizes();

        assertThat(sizes).containsOnlyKeys(Topics.all());
        assertThat(sizes.get(Topics.DEPOSITS)).as("the poison and the malformed record").isEqualTo(2);
        assertThat(sizes).allSatisfy((topic, size) -> {
            if (!topic.equals(Topics.DEPOSITS)) {
                assertThat(size).as(topic).isZero();
            }
        });
        assertThat(output.getAll().substring(before).lines()
                .filter(line -> line.contains("WARN") && line.contains("dlq-reader")))
                .as("the gauges refresh every 30 s in every service").isEmpty();
    }
}
