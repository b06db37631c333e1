package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.messaging.MessagingProperties;
import io.stablerail.messaging.outbox.OutboxRelay;
import io.stablerail.messaging.outbox.OutboxStore;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The cleanup deletes the rows published longer than the retention ago, in id order, window by window: a run keeps up
 * with more rows than one window holds, is bounded by its window count, steps over rows that are not due (one still
 * waiting for its retry, one published late) and never deletes those or the rows within the retention.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.enabled=false")
class OutboxCleanupIT {

    private static final String TOPIC = "cleanup-it";

    @Autowired OutboxStore store;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DataSource dataSource;
    @Autowired MessagingProperties properties;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aRunDeletesEveryDueRowWindowByWindowAndStepsOverTheRest() {
        // in id order: 2 due, 1 pending for 8 days, 3 due, 1 created 8 days ago but published an hour ago, 5 due,
        // then 3 published a minute ago (within the retention)
        List<UUID> due = new java.util.ArrayList<>();
        due.addAll(rows(2, "8 days", "8 days"));
        UUID waiting = rows(1, "8 days", null).getFirst();
        due.addAll(rows(3, "8 days", "8 days"));
        UUID publishedLate = rows(1, "8 days", "1 hour").getFirst();
        due.addAll(rows(5, "8 days", "8 days"));
        List<UUID> young = rows(3, "1 minute", "1 minute");
        long before = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE topic <> ?", Long.class, TOPIC);

        // windows of 3 rows from the first of this test's rows (the table holds other tests' rows, all recent)
        long firstId = jdbc.queryForObject("SELECT min(id) - 1 FROM outbox_event WHERE topic = ?", Long.class, TOPIC);
        OutboxRelay bounded = relay(3, 2);
        assertThat(bounded.cleanupAfter(firstId)).as("two windows of three rows: 2 + 3 due").isEqualTo(5);
        assertThat(remaining(due)).hasSize(5);

        OutboxRelay relay = relay(3, 100);
        assertThat(relay.cleanupAfter(firstId)).as("the rest, over three windows").isEqualTo(5);
        assertThat(remaining(due)).isEmpty();
        assertThat(remaining(List.of(waiting, publishedLate))).hasSize(2);
        assertThat(remaining(young)).hasSize(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE topic <> ?", Long.class, TOPIC))
                .isEqualTo(before);
        assertThat(relay.cleanupAfter(firstId)).as("nothing more is due").isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void removeThisTestsRows() {
        jdbc.update("DELETE FROM outbox_event WHERE topic = ?", TOPIC);
    }

    private OutboxRelay relay(int windowRows, int windows) {
        MessagingProperties.Relay r = properties.relay();
        return new OutboxRelay(store, kafka, dataSource, new MessagingProperties.Relay(r.enabled(), r.interval(),
                r.batchSizeMax(), r.batchesPerTick(), r.sendTimeout(), r.backoffInitial(), r.backoffMax(),
                Duration.ofDays(7), windowRows, windows, r.wakeDelay(), r.gapTimeout(), r.fullScanInterval()),
                new SimpleMeterRegistry());
    }

    /** {@code count} rows created {@code age} ago, published {@code publishedAgo} ago (null: not published). */
    private List<UUID> rows(int count, String age, String publishedAgo) {
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, created_at, "
                            + "next_attempt_at, attempts, published_at) VALUES (?, ?, 'k', 'cleanup.test', '{}', "
                            + "now() - ?::interval, now() + interval '1 hour', ?, now() - ?::interval)",
                    id, TOPIC, age, publishedAgo == null ? 3 : 0, publishedAgo);
            ids.add(id);
        }
        return ids;
    }

    private List<UUID> remaining(List<UUID> ids) {
        return jdbc.queryForList("SELECT event_id FROM outbox_event WHERE event_id = ANY(?)", UUID.class,
                (Object) ids.toArray(UUID[]::new));
    }
}
