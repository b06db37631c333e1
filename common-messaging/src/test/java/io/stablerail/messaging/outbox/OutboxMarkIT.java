package io.stablerail.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.stablerail.messaging.it.MessagingTestApplication;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Marking rows published writes their new versions on their own pages (V5's fill factor): a batch inserted together
 * and marked together in one transaction, as the services' writers and the relay do. On a full page each new version
 * would go to another page, logged whole with its payload.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.enabled=false")
class OutboxMarkIT {

    static final String TOPIC = "test.mark";
    static final int ROWS = 300;

    @Autowired OutboxStore store;
    @Autowired JdbcTemplate jdbc;

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM outbox_event WHERE topic = ?", TOPIC);
    }

    @Test
    void aBatchMarkedPublishedStaysOnItsPages() {
        // payloads the size of a deposit event's (~600 bytes), one insert as a writer's batch
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                SELECT gen_random_uuid(), ?, 'key-' || g, 'test.event', repeat('x', 600) FROM generate_series(1, ?) g""",
                TOPIC, ROWS);
        Map<Long, Long> pagesBefore = pagesById();
        assertThat(pagesBefore).hasSize(ROWS);
        assertThat(pagesBefore.values().stream().distinct().count()).as("pages the batch fills").isGreaterThan(10);

        store.markPublished(List.copyOf(pagesBefore.keySet()));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE topic = ? AND published_at IS NOT NULL",
                Long.class, TOPIC)).isEqualTo(ROWS);
        Map<Long, Long> pagesAfter = pagesById();
        long moved = pagesBefore.keySet().stream().filter(id -> !pagesBefore.get(id).equals(pagesAfter.get(id))).count();
        assertThat(moved).as("rows whose new version went to another page (without V5: all %d)", ROWS).isZero();
    }

    /** Each row's heap page (the block number of its current version's ctid), by id. */
    private Map<Long, Long> pagesById() {
        Map<Long, Long> pages = new java.util.TreeMap<>();
        jdbc.query("SELECT id, (ctid::text::point)[0]::bigint FROM outbox_event WHERE topic = ?", rs -> {
            pages.put(rs.getLong(1), rs.getLong(2));
        }, TOPIC);
        return pages;
    }
}
