package io.stablerail.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.stablerail.messaging.it.MessagingTestApplication;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relay's fetch under a backlog that arrives after a quiet period: the table's statistics were taken while nothing
 * was pending. A single statement with the held-back check as {@code NOT EXISTS} was planned then as a full scan of
 * the pending rows per candidate row (2.8 s per fetch with 12,000 pending rows). The fetch now reads a bounded number
 * of pages whatever the backlog. Also: a row held back only by a failed row that comes AFTER it is not held back.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.enabled=false")
class OutboxFetchIT {

    static final String TOPIC = "test.fetch";
    static final int PUBLISHED = 60_000;
    static final int PENDING = 6_000;
    static final int BATCH = 500;

    @Autowired OutboxStore store;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataSource dataSource;
    @Autowired org.springframework.transaction.support.TransactionTemplate transaction;

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM outbox_event WHERE topic = ?", TOPIC);
    }

    @Test
    void aBacklogAfterAQuietPeriodIsFetchedFromABoundedNumberOfPages() {
        insert(PUBLISHED, "published");
        jdbc.update("UPDATE outbox_event SET published_at = now() WHERE topic = ?", TOPIC);
        jdbc.execute("VACUUM ANALYZE outbox_event"); // statistics with nothing pending, as after a quiet period
        insert(PENDING, "pending");

        List<PendingEvent> due = store.fetchDue(BATCH);

        assertThat(due).hasSize(BATCH);
        assertThat(due).extracting(PendingEvent::id).isSorted();
        assertThat(due).allSatisfy(event -> assertThat(event.key()).startsWith("pending-"));
        // what each of the two statements reads (PostgreSQL's own buffer counts, not a timing): a scan of the pending
        // rows per candidate row would read tens of thousands of pages here
        assertThat(pagesRead("SELECT EXISTS (SELECT 1 FROM outbox_event WHERE published_at IS NULL AND attempts > 0 "
                + "AND next_attempt_at > now())")).isLessThan(50);
        assertThat(pagesRead(due(0), OutboxStore.FETCH_PLAN)).isLessThan(2_000);

        // one failed row waiting: the statement that holds its key back reads its keys once, from the index
        store.markFailed(due.get(0).id(), "no broker acknowledgement", Duration.ofHours(1));
        assertThat(pagesRead(OutboxStore.DUE_BEHIND_WAITING_ROWS.replace("o.id > ?", "o.id > 0")
                .replace("LIMIT ?", "LIMIT " + BATCH), OutboxStore.FETCH_PLAN))
                .isLessThan(2_000);
        assertThat(store.fetchDue(BATCH)).hasSize(BATCH).extracting(PendingEvent::id)
                .doesNotContain(due.get(0).id()).isSorted();
    }

    /**
     * Rows are deleted as they are published, so the outbox is empty whenever the relay has caught up, and that is
     * what autovacuum's ANALYZE then records. On a young table (here: its own schema, 1,000 rows written and published
     * before the statistics were taken), PostgreSQL 17 plans the fetch behind a 24,000-row backlog as a bitmap scan of
     * every pending row and a sort for the first 500 — thousands of pages per fetch. The store's fetch reads them in
     * id order from the index, a bounded number of pages.
     */
    @Test
    void aBacklogAfterTheTableWasAnalyzedEmptyIsFetchedInIdOrderFromTheIndex() throws Exception {
        String schema = "fetch_young_" + Long.toHexString(System.nanoTime());
        new io.stablerail.messaging.config.MessagingSchemaMigration(dataSource, schema).afterPropertiesSet();
        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate young = new JdbcTemplate(
                    new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true));
            String searchPath = young.queryForObject("SHOW search_path", String.class);
            young.execute("SET search_path TO " + schema);
            try {
                OutboxStore store = new OutboxStore(young);
                young.update("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                        SELECT gen_random_uuid(), ?, 'published-' || g, 'test.event', repeat('x', 1000)
                          FROM generate_series(1, 1000) g""", TOPIC);
                store.deletePublished(young.queryForList("SELECT id FROM outbox_event", Long.class));
                young.execute("VACUUM ANALYZE outbox_event"); // as autovacuum does once the relay has caught up
                young.update("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                        SELECT gen_random_uuid(), ?, 'pending-' || g, 'test.event', repeat('x', 1000)
                          FROM generate_series(1, 24000) g""", TOPIC);

                List<PendingEvent> due = store.fetchDue(BATCH);

                assertThat(due).hasSize(BATCH).extracting(PendingEvent::id).isSorted();
                assertThat(due).allSatisfy(event -> assertThat(event.key()).startsWith("pending-"));
                long onStatisticsAlone = pagesRead(young, due(0), null);
                connection.setAutoCommit(false); // SET LOCAL holds for a transaction
                long asFetched = pagesRead(young, due(0), OutboxStore.FETCH_PLAN);
                connection.rollback();
                // 500 rows of ~1 KB are ~75 pages; all 24,000 pending rows ~3,400
                assertThat(onStatisticsAlone).as("this test's premise: the plan on the statistics alone")
                        .isGreaterThan(2_000);
                assertThat(asFetched).as("pages read as the store fetches").isLessThan(200);
            } finally {
                connection.setAutoCommit(true);
                young.execute("SET search_path TO " + searchPath); // the connection goes back to the pool
            }
        } finally {
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void onlyRowsAfterAWaitingRowOfTheirKeyAndTopicAreHeldBack() {
        long before = insertOne("acct-1", TOPIC);      // an earlier row of the key (e.g. committed late)
        long failed = insertOne("acct-1", TOPIC);
        long after = insertOne("acct-1", TOPIC);
        long otherTopic = insertOne("acct-1", TOPIC + ".other");
        long otherKey = insertOne("acct-2", TOPIC);
        store.markFailed(failed, "no broker acknowledgement", Duration.ofHours(1));

        assertThat(store.fetchDue(BATCH)).extracting(PendingEvent::id)
                .containsExactly(before, otherTopic, otherKey);

        jdbc.update("UPDATE outbox_event SET next_attempt_at = now() WHERE id = ?", failed); // its retry is due
        assertThat(store.fetchDue(BATCH)).extracting(PendingEvent::id)
                .containsExactly(before, failed, after, otherTopic, otherKey);
        jdbc.update("DELETE FROM outbox_event WHERE id = ?", otherTopic);
    }

    @Test
    void aTicksNextBatchStartsAfterThePreviousOneInsteadOfWalkingTheRowsJustPublished() throws Exception {
        insert(PENDING, "pending");
        // another session's snapshot, taken before the rows are published, can still see their pending versions, as
        // the services' own transactions can during a backlog: no scan may mark their index entries dead yet
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                statement.executeQuery("SELECT count(*) FROM outbox_event").close();
            }
            long after = 0;
            for (int batch = 0; batch < 8; batch++) { // 4,000 of the 6,000 published, as a relay tick does
                List<PendingEvent> due = store.fetchDue(BATCH, after);
                assertThat(due).hasSize(BATCH).extracting(PendingEvent::id).isSorted()
                        .allSatisfy(id -> assertThat(id).isGreaterThan(0));
                store.markPublished(due.stream().map(PendingEvent::id).toList());
                after = due.getLast().id();
            }
            // PostgreSQL's own buffer counts: from the start, the fetch walks the 4,000 rows just published first
            long fromStart = pagesRead(due(0));
            long afterPrevious = pagesRead(due(after));
            assertThat(afterPrevious).isLessThan(fromStart / 3);
            holder.rollback();
        }

        // nothing is left behind: a row below the bound that is pending (committed late) is fetched from the start
        long highest = jdbc.queryForObject("SELECT max(id) FROM outbox_event WHERE topic = ?", Long.class, TOPIC);
        long late = jdbc.queryForObject("SELECT min(id) FROM outbox_event WHERE topic = ?", Long.class, TOPIC);
        jdbc.update("UPDATE outbox_event SET published_at = NULL WHERE id = ?", late);
        assertThat(store.fetchDue(BATCH, highest - 1)).extracting(PendingEvent::id).containsExactly(highest);
        assertThat(store.fetchDue(BATCH, 0)).extracting(PendingEvent::id).startsWith(late).hasSize(BATCH);
    }

    private static String due(long afterId) {
        return OutboxStore.DUE.replace("o.id > ?", "o.id > " + afterId).replace("LIMIT ?", "LIMIT " + BATCH);
    }

    private void insert(int rows, String keyPrefix) {
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                SELECT gen_random_uuid(), ?, ? || g, 'test.event', repeat('x', 200) FROM generate_series(1, ?) g""",
                TOPIC, keyPrefix + "-", rows);
    }

    private long insertOne(String key, String topic) {
        Long id = jdbc.queryForObject("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                VALUES (gen_random_uuid(), ?, ?, 'test.event', '{}') RETURNING id""", Long.class, topic, key);
        return id == null ? -1 : id;
    }

    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    /** Pages the statement's plan touched (shared buffers hit plus read), from EXPLAIN (ANALYZE, BUFFERS). */
    private long pagesRead(String sql) {
        String plan = String.join("\n", jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql,
                String.class));
        return pagesOf(plan);
    }

    /** As {@link #pagesRead(String)}, planned after {@code setting} (a SET LOCAL, or none) in one transaction. */
    private long pagesRead(String sql, String setting) {
        return transaction.execute(status -> pagesRead(jdbc, sql, setting));
    }

    private static long pagesRead(JdbcTemplate on, String sql, String setting) {
        if (setting != null) {
            on.execute(setting);
        }
        return pagesOf(String.join("\n", on.queryForList("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql,
                String.class)));
    }

    private static long pagesOf(String plan) {
        Matcher top = BUFFERS.matcher(plan);
        assertThat(top.find()).as(plan).isTrue();
        long hit = top.group(1) == null ? 0 : Long.parseLong(top.group(1));
        long read = top.group(2) == null ? 0 : Long.parseLong(top.group(2));
        return hit + read;
    }
}
