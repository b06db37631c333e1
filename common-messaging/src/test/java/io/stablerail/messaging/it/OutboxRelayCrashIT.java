package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.messaging.MessagingProperties;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.messaging.outbox.OutboxRelay;
import io.stablerail.messaging.outbox.OutboxStore;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fault: the relay crashes after the broker acknowledged a row but before deleting it (the default, no retention). The
 * row is published again by the next tick (two records on the topic) and the consumer's effect happens once.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class,
        properties = "stablerail.messaging.relay.enabled=false")
class OutboxRelayCrashIT {

    @Autowired Outbox outbox;
    @Autowired OutboxStore store;
    @Autowired OutboxRelay relay;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DataSource dataSource;
    @Autowired MessagingProperties properties;
    @Autowired TopicNames topicNames;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transaction;
    @Autowired MessagingTestApplication.TestConsumer consumer;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

    /** A store that dies between the broker's acknowledgement and the DELETE that records it. */
    static final class CrashAfterAckStore extends OutboxStore {
        CrashAfterAckStore(JdbcTemplate jdbc) {
            super(jdbc);
        }

        @Override
        public void deletePublished(Collection<Long> ids) {
            throw new IllegalStateException("simulated crash after broker ack, before deleting " + ids);
        }
    }

    @Test
    void crashAfterAckPublishesTwiceAndTheEffectHappensOnce() {
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-crash", "credit 10"), Instant.now());
        transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, event));

        OutboxRelay crashing = new OutboxRelay(new CrashAfterAckStore(jdbc), kafka, dataSource, properties.relay(),
                new SimpleMeterRegistry());
        assertThatThrownBy(crashing::relayOnce).hasMessageContaining("simulated crash");
        assertThat(store.pendingCount()).as("row still pending after the crash").isEqualTo(1);

        OutboxRelay.Tick restarted = relay.relayOnce();

        assertThat(restarted.published()).isEqualTo(1);
        assertThat(store.pendingCount()).isZero();
        String topic = topicNames.of(Topics.DEPOSITS);
        assertThat(MessagingTestSupport.recordsOnTopicWithEventId(bootstrapServers, topic, event.eventId()))
                .as("published twice").isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deliveriesOf(event.eventId()) == 2);
        assertThat(MessagingTestSupport.effectsOf(jdbc, event.eventId())).as("effect once").isEqualTo(1);
    }

    /**
     * One key's events on two topics (a deposit's detection and its track request): both are acknowledged within one
     * tick, well inside the send timeout — the second send does not wait on the producer's own I/O thread for the
     * metadata of a topic it has not used yet.
     */
    @Test
    void oneKeyOnTwoTopicsIsPublishedWithoutWaitingForMetadata() {
        EventEnvelope detected = EventEnvelope.of(TestEvent.normal("acct-two-topics", "detected"), Instant.now());
        EventEnvelope tracked = EventEnvelope.of(TestEvent.normal("acct-two-topics", "track"), Instant.now());
        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, detected);
            outbox.append(Topics.SETTLEMENTS, tracked);
        });
        long started = System.nanoTime();

        OutboxRelay.Tick tick = relay.relayOnce();

        assertThat(tick.published()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(properties.relay().sendTimeout());
        assertThat(MessagingTestSupport.recordsOnTopicWithEventId(bootstrapServers, topicNames.of(Topics.SETTLEMENTS),
                tracked.eventId())).isEqualTo(1);
    }

    /**
     * A key's event waiting for its retry holds back the key's later events on the same topic (its partition's order),
     * not the key's events on another topic.
     */
    @Test
    void aFailedEventHoldsBackItsKeyOnItsOwnTopicOnly() {
        EventEnvelope failed = EventEnvelope.of(TestEvent.normal("acct-held", "failed"), Instant.now());
        EventEnvelope behind = EventEnvelope.of(TestEvent.normal("acct-held", "behind it"), Instant.now());
        EventEnvelope elsewhere = EventEnvelope.of(TestEvent.normal("acct-held", "other topic"), Instant.now());
        transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, failed));
        // as the relay leaves a row the broker did not acknowledge: retried later
        store.markFailed(jdbc.queryForObject("SELECT id FROM outbox_event WHERE event_id = ?", Long.class,
                failed.eventId()), "no broker acknowledgement", Duration.ofHours(1));
        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, behind);
            outbox.append(Topics.SETTLEMENTS, elsewhere);
        });

        relay.relayOnce();

        assertThat(published(elsewhere)).as("the key on another topic").isTrue();
        assertThat(published(behind)).as("behind the failed event of its topic").isFalse();
        assertThat(published(failed)).isFalse();
        jdbc.update("UPDATE outbox_event SET next_attempt_at = now() WHERE event_id = ?", failed.eventId());
        relay.relayOnce();
        assertThat(published(failed)).isTrue();
        assertThat(published(behind)).isTrue();
    }

    /** Published: the broker acknowledged it and the relay deleted its row (this test's events were all appended). */
    private boolean published(EventEnvelope event) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT NOT EXISTS (SELECT 1 FROM outbox_event "
                + "WHERE event_id = ?)", Boolean.class, event.eventId()));
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-no-tx", "x"), Instant.now());

        assertThatThrownBy(() -> outbox.append(Topics.DEPOSITS, event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_id = ?", Integer.class,
                event.eventId())).isZero();
    }

    @Test
    void oneKeyIsPublishedInOrderAndARolledBackAppendIsNeverPublished() {
        EventEnvelope first = EventEnvelope.of(TestEvent.normal("acct-order", "1"), Instant.now());
        EventEnvelope second = EventEnvelope.of(TestEvent.normal("acct-order", "2"), Instant.now());
        EventEnvelope rolledBack = EventEnvelope.of(TestEvent.normal("acct-order", "rolled back"), Instant.now());
        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, first);
            outbox.append(Topics.DEPOSITS, second);
        });
        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, rolledBack);
            status.setRollbackOnly();
        });

        relay.relayOnce();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deliveriesOf(second.eventId()) == 1);
        assertThat(jdbc.queryForList("SELECT note FROM test_effect WHERE event_id IN (?, ?) ORDER BY id",
                String.class, first.eventId(), second.eventId())).containsExactly("1", "2");
        assertThat(MessagingTestSupport.recordsOnTopicWithEventId(bootstrapServers, topicNames.of(Topics.DEPOSITS),
                rolledBack.eventId())).isZero();
    }
}
