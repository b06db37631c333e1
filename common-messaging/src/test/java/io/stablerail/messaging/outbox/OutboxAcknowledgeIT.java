package io.stablerail.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.messaging.MessagingProperties;
import io.stablerail.messaging.it.MessagingTestApplication;
import io.stablerail.messaging.it.TestEvent;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the relay does with a row the broker acknowledged: by default (no retention) it deletes it; with a retention it
 * marks it published and the cleanup deletes it later. And why the default is the delete: PostgreSQL's own WAL
 * accounting of the two statements ({@code EXPLAIN (ANALYZE, WAL)}) on rows with a deposit-sized payload.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.enabled=false")
class OutboxAcknowledgeIT {

    static final String TOPIC = "test.acknowledge";
    static final int ROWS = 300;

    @Autowired Outbox outbox;
    @Autowired OutboxStore store;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DataSource dataSource;
    @Autowired MessagingProperties properties;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transaction;

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM outbox_event WHERE topic = ?", TOPIC);
    }

    @Test
    void byDefaultAnAcknowledgedRowIsDeleted() {
        assertThat(properties.relay().retention()).isZero();
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-ack-delete", "credit 1"), Instant.now());
        transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, event));
        assertThat(rowsOf(event)).isEqualTo(1);

        OutboxRelay.Tick tick = relay(Duration.ZERO).relayOnce();

        assertThat(tick.published()).isEqualTo(1);
        assertThat(rowsOf(event)).as("the row is gone once the broker acknowledged it").isZero();
    }

    @Test
    void withARetentionAnAcknowledgedRowIsMarkedAndTheCleanupDeletesItLater() {
        EventEnvelope event = EventEnvelope.of(TestEvent.normal("acct-ack-mark", "credit 2"), Instant.now());
        transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, event));
        OutboxRelay keeping = relay(Duration.ofHours(1));

        assertThat(keeping.relayOnce().published()).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?",
                Boolean.class, event.eventId())).as("kept, marked published").isTrue();
        assertThat(store.fetchDue(500)).extracting(PendingEvent::eventId).doesNotContain(event.eventId());
        long before = id(event) - 1;
        assertThat(keeping.cleanupAfter(before)).as("within the retention").isZero();
        // the retention switched off (or a row an earlier release marked): the cleanup takes every marked row
        assertThat(relay(Duration.ZERO).cleanupAfter(before)).isEqualTo(1);
        assertThat(rowsOf(event)).isZero();
    }

    /**
     * PostgreSQL's own WAL accounting per statement: the mark writes every row anew (a mark is never a HOT update:
     * published_at is in the partial indexes' predicates) with entries in the primary key and the event-id index, at
     * least three WAL records a row; the delete writes one record a row and no index entry.
     */
    @Test
    void aDeleteWritesOneWalRecordPerRowWhereAMarkWritesThree() {
        List<Long> deleted = insert(ROWS);
        List<Long> marked = insert(ROWS);

        JsonNode delete = walOf(OutboxStore.DELETE_PUBLISHED, deleted);
        JsonNode mark = walOf(OutboxStore.MARK_PUBLISHED, marked);

        String figures = "delete " + delete + ", mark " + mark;
        assertThat(rowsIn(deleted)).as(figures).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE id = ANY (?) AND published_at IS NOT NULL",
                Long.class, (Object) marked.toArray(Long[]::new))).isEqualTo(ROWS);
        assertThat(delete.path("WAL Records").asLong()).as(figures).isLessThan(ROWS + ROWS / 10); // (+ page pruning)
        assertThat(mark.path("WAL Records").asLong()).as(figures).isGreaterThanOrEqualTo(3L * ROWS);
        // bytes: the mark's new row versions carry their payloads (~1 KB each); full-page images, if a checkpoint
        // fell between the inserts and a statement, count in both
        assertThat(delete.path("WAL Bytes").asLong() - 8_192 * delete.path("WAL FPI").asLong())
                .as(figures).isLessThan(ROWS * 100L);
        assertThat(mark.path("WAL Bytes").asLong() - 8_192 * mark.path("WAL FPI").asLong())
                .as(figures).isGreaterThan(ROWS * 1_000L);
    }

    private JsonNode walOf(String statement, List<Long> ids) {
        String plan = jdbc.queryForObject("EXPLAIN (ANALYZE, WAL, FORMAT JSON) " + statement, String.class,
                (Object) ids.toArray(Long[]::new));
        return JsonMapper.builder().build().readTree(plan).get(0).get("Plan");
    }

    /** Rows with a payload the size of a deposit event's (~1 KB), as the services write them. */
    private List<Long> insert(int rows) {
        return jdbc.queryForList("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                SELECT gen_random_uuid(), ?, 'key-' || g, 'test.event', repeat('x', 1000) FROM generate_series(1, ?) g
                RETURNING id""", Long.class, TOPIC, rows);
    }

    private long rowsIn(List<Long> ids) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE id = ANY (?)", Long.class,
                (Object) ids.toArray(Long[]::new));
    }

    private long rowsOf(EventEnvelope event) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_id = ?", Long.class,
                event.eventId());
    }

    private long id(EventEnvelope event) {
        return jdbc.queryForObject("SELECT id FROM outbox_event WHERE event_id = ?", Long.class, event.eventId());
    }

    private OutboxRelay relay(Duration retention) {
        MessagingProperties.Relay r = properties.relay();
        return new OutboxRelay(store, kafka, dataSource, new MessagingProperties.Relay(r.enabled(), r.interval(),
                r.batchSizeMax(), r.batchesPerTick(), r.sendTimeout(), r.backoffInitial(), r.backoffMax(), retention,
                r.cleanupBatchMax(), r.cleanupWindowsMax(), r.wakeDelay(), r.gapTimeout(), r.fullScanInterval()),
                new SimpleMeterRegistry());
    }
}
