package io.stablerail.messaging.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** SQL of the outbox table. All times are the database's, so several relay hosts agree on what is due. */
public class OutboxStore {

    private final JdbcTemplate jdbc;

    public OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Pending rows that are due, oldest first. A row is held back while an earlier pending row of the same key on the
     * same topic waits for its retry, so one aggregate's events are never published out of order on a topic (a key's
     * partition); its events on other topics — no order between them that any consumer could see — go on. Only a row
     * whose publication failed ({@code attempts > 0}, see {@link #markFailed}) can wait.
     *
     * <p>Two statements, so that no plan depends on the table's statistics: whether any failed row is waiting (the
     * partial index {@code outbox_event_retrying}, an index condition on {@code next_attempt_at}); then, in the usual
     * case that none is, the due rows in id order from the pending-rows index. A single statement with the held-back
     * check as {@code NOT EXISTS} was planned, with statistics taken while nothing was pending, as a full scan of the
     * pending rows per candidate row — quadratic in a backlog (2.8 s per 500-row fetch behind 12,000 pending rows).
     * Only the relay holding the schema's advisory lock marks rows failed, so nothing starts waiting between the two.
     */
    public List<PendingEvent> fetchDue(int limit) {
        return fetchDue(limit, 0);
    }

    /**
     * As {@link #fetchDue(int)}, only rows whose id is above {@code afterId}: the relay reads from its low-water mark,
     * and a tick's next batch after the previous batch, instead of walking the rows it has just published
     * ({@link FetchBound} says why, and what may still lie below {@code afterId}).
     */
    public List<PendingEvent> fetchDue(int limit, long afterId) {
        return fetchDue(limit, afterId, anyWaiting());
    }

    /**
     * As {@link #fetchDue(int, long)}, with {@link #anyWaiting()} as the caller read it: the relay reads it once per
     * tick. Within a tick a row starts waiting only when that relay marks it failed, which ends the tick (another
     * relay is kept out by the advisory lock); one that stops waiting is still fetched correctly by the statement that
     * holds rows back.
     */
    public List<PendingEvent> fetchDue(int limit, long afterId, boolean anyWaiting) {
        String sql = anyWaiting ? DUE_BEHIND_WAITING_ROWS : DUE;
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return jdbc.query(sql, OutboxStore::pendingEvent, afterId, limit); // the caller's transaction, as it is
        }
        return inOwnTransaction(FETCH_PLAN, connection -> {
            try (PreparedStatement fetch = connection.prepareStatement(sql)) {
                fetch.setLong(1, afterId);
                fetch.setInt(2, limit);
                List<PendingEvent> due = new java.util.ArrayList<>(limit);
                try (java.sql.ResultSet rows = fetch.executeQuery()) {
                    while (rows.next()) {
                        due.add(pendingEvent(rows, due.size()));
                    }
                }
                return due;
            }
        });
    }

    /** Runs {@code work} in a transaction of its own on one connection, after {@code setting} (a SET LOCAL). */
    private <T> T inOwnTransaction(String setting, ConnectionCallback<T> work) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                settings.execute(setting);
                T result = work.doInConnection(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    /**
     * The fetch's plan, whatever the table's statistics say: the due rows in id order straight from the pending-rows
     * index, never a scan of every pending row sorted for the first few hundred. The outbox is empty whenever the relay
     * has caught up — rows are deleted as published — so autovacuum's ANALYZE often records an empty table; a backlog
     * arriving after that was planned as a bitmap scan of all pending rows and a sort (23 ms and 3,500 pages per
     * 500-row fetch behind 24,000 pending rows, against 0.3 ms and 78 pages in id order: the deposit benchmark's
     * slowest rounds). No other plan of this statement needs a sort, so forbidding one for this transaction only
     * leaves the planner the index scan.
     */
    static final String FETCH_PLAN = "SET LOCAL enable_sort = off";

    /** Whether a row whose publication failed waits for its retry (and holds its key's later rows back). */
    public boolean anyWaiting() {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM outbox_event
                                WHERE published_at IS NULL AND attempts > 0 AND next_attempt_at > now())""",
                Boolean.class));
    }

    static final String DUE = """
            SELECT o.id, o.event_id, o.topic, o.message_key, o.event_type, o.payload, o.attempts
              FROM outbox_event o
             WHERE o.published_at IS NULL AND o.next_attempt_at <= now() AND o.id > ?
             ORDER BY o.id
             LIMIT ?""";

    /** The keys with a waiting row, once (from the index alone), then the due rows that are not behind one. */
    static final String DUE_BEHIND_WAITING_ROWS = """
            WITH waiting AS MATERIALIZED (
                SELECT topic, message_key, min(id) AS first_id FROM outbox_event
                 WHERE published_at IS NULL AND attempts > 0 AND next_attempt_at > now()
                 GROUP BY topic, message_key)
            SELECT o.id, o.event_id, o.topic, o.message_key, o.event_type, o.payload, o.attempts
              FROM outbox_event o
              LEFT JOIN waiting w ON w.topic = o.topic AND w.message_key = o.message_key
             WHERE o.published_at IS NULL AND o.next_attempt_at <= now() AND o.id > ?
               AND (w.first_id IS NULL OR o.id < w.first_id)
             ORDER BY o.id
             LIMIT ?""";

    private static PendingEvent pendingEvent(java.sql.ResultSet rs, int row) throws SQLException {
        return new PendingEvent(rs.getLong(1), rs.getObject(2, java.util.UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7));
    }

    /**
     * Marks rows published, kept for the cleanup to delete after the retention; called only with ids the broker
     * acknowledged. The commit does not wait for its WAL flush ({@code synchronous_commit = off} for this transaction
     * only): a mark lost to a database crash in the following fraction of a second makes the relay publish those rows
     * again, which at-least-once delivery and the consumers' inbox already absorb — while a flush per relay batch would
     * cost one fsync per batch on the service's hottest path. The outbox rows themselves were committed durably by
     * their writers.
     *
     * <p>A mark is never a HOT update ({@code published_at} is in the partial indexes' predicates): it writes the row
     * anew with its payload, plus entries in the primary key and the event-id index. {@link #deletePublished} is the
     * cheap way, when nothing needs the published rows.
     */
    public void markPublished(Collection<Long> ids) {
        acknowledge(MARK_PUBLISHED, ids);
    }

    /**
     * Deletes rows the broker acknowledged (a retention of zero, the default): a delete writes a few dozen bytes of WAL
     * and no index entry. Committed as {@link #markPublished} is, without waiting for its WAL flush: a delete lost to a
     * crash publishes the rows again.
     */
    public void deletePublished(Collection<Long> ids) {
        acknowledge(DELETE_PUBLISHED, ids);
    }

    private void acknowledge(String sql, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Long[] array = ids.toArray(Long[]::new);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            jdbc.update(sql, (Object) array); // the caller's transaction decides how it commits
            return;
        }
        inOwnTransaction("SET LOCAL synchronous_commit = off", connection -> {
            try (PreparedStatement acknowledge = connection.prepareStatement(sql)) {
                acknowledge.setArray(1, connection.createArrayOf("bigint", array));
                return acknowledge.executeUpdate();
            }
        });
    }

    static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now(), last_error = NULL "
            + "WHERE id = ANY (?) AND published_at IS NULL";

    static final String DELETE_PUBLISHED = "DELETE FROM outbox_event WHERE id = ANY (?) AND published_at IS NULL";

    public void markFailed(long id, String error, Duration retryAfter) {
        jdbc.update("UPDATE outbox_event SET attempts = attempts + 1, last_error = left(?, 2000), "
                        + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                error, retryAfter.toMillis() / 1000.0, id);
    }

    public Optional<Instant> oldestPendingCreatedAt() {
        List<java.sql.Timestamp> rows = jdbc.query(
                "SELECT created_at FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT 1",
                (rs, i) -> rs.getTimestamp(1));
        return rows.stream().findFirst().map(java.sql.Timestamp::toInstant);
    }

    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
        return count == null ? 0 : count;
    }

    /** One window of a cleanup run: rows deleted, the window's last id, and whether rows after it may be due too. */
    public record CleanupWindow(int deleted, long lastId, boolean more) {
    }

    /**
     * Reads the {@code limit} rows after {@code afterId} in id order (the primary key; no index on published_at, which
     * every mark would have to add to) and deletes those published longer than {@code retention} ago. Rows after the
     * window may be due as well unless the window was the table's end or reached a row created within the retention:
     * ids follow insertion, so the rows after such a row are as young or younger — an older straggler (a transaction
     * that held its id a while) is simply deleted by a later run, which starts again from the beginning.
     */
    public CleanupWindow cleanupWindow(Duration retention, long afterId, int limit) {
        return jdbc.queryForObject("""
                WITH w AS (SELECT id, created_at, published_at FROM outbox_event WHERE id > ? ORDER BY id LIMIT ?),
                     gone AS (DELETE FROM outbox_event o USING w
                               WHERE o.id = w.id AND w.published_at < now() - make_interval(secs => ?)
                              RETURNING o.id)
                SELECT (SELECT count(*) FROM gone), (SELECT coalesce(max(id), 0) FROM w), (SELECT count(*) FROM w),
                       (SELECT count(*) FROM w WHERE w.created_at >= now() - make_interval(secs => ?))""",
                (rs, n) -> new CleanupWindow(rs.getInt(1), rs.getLong(2), rs.getInt(3) == limit && rs.getInt(4) == 0),
                afterId, limit, retention.toSeconds(), retention.toSeconds());
    }
}
