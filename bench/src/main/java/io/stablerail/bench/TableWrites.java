package io.stablerail.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows written per table over a span of a benchmark, from PostgreSQL's cumulative statistics
 * ({@code pg_stat_user_tables}): inserted, updated, of those updated how many were HOT (heap-only: the new version on
 * the same page, no index entry added), and deleted. A session reports its counts when it goes idle, at most once a
 * second and at the latest {@value #REPORT_DELAY_MILLIS} ms after (PostgreSQL's idle statistics interval), so both
 * readings wait that long for the sessions to have reported; the wait lies outside the measured span.
 */
final class TableWrites {

    /** PostgreSQL's PGSTAT_IDLE_INTERVAL (10 s), and a second more. */
    static final long REPORT_DELAY_MILLIS = 11_000;

    private static final String READ = "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, "
            + "n_tup_del, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables";

    /** Server-wide: WAL records, full-page images and bytes; checkpoints; shared-buffer reads (misses) and hits. */
    private static final String SERVER = "SELECT w.wal_records, w.wal_fpi, w.wal_bytes, "
            + "c.num_timed + c.num_requested, d.blks_read, d.blks_hit FROM pg_stat_wal w, pg_stat_checkpointer c, "
            + "pg_stat_database d WHERE d.datname = current_database()";

    /** Blocks read into shared buffers (misses) by relation: each table's heap, each index. */
    private static final String MISSES = "SELECT schemaname || '.' || relname, heap_blks_read FROM pg_statio_user_tables "
            + "UNION ALL SELECT schemaname || '.' || indexrelname, idx_blks_read FROM pg_statio_user_indexes";

    /** Relations listed by their misses, the costliest first. */
    private static final int MISSES_LISTED = 8;

    private final JdbcTemplate admin;
    private final Map<String, long[]> start;
    private final long[] serverStart;
    private final Map<String, Long> missesStart;

    private TableWrites(JdbcTemplate admin, Map<String, long[]> start, long[] serverStart,
                        Map<String, Long> missesStart) {
        this.admin = admin;
        this.start = start;
        this.serverStart = serverStart;
        this.missesStart = missesStart;
    }

    /** Waits for the sessions' counts to be reported, then reads them. */
    static TableWrites start(JdbcTemplate admin) throws InterruptedException {
        Thread.sleep(REPORT_DELAY_MILLIS);
        return new TableWrites(admin, read(admin), server(admin), misses(admin));
    }

    /** Waits for the sessions' counts to be reported, then prints each table's writes since the start per deposit. */
    void print(int deposits) throws InterruptedException {
        Thread.sleep(REPORT_DELAY_MILLIS);
        Map<String, long[]> end = read(admin);
        long[] server = server(admin);
        long[] d = new long[server.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = server[i] - serverStart[i];
        }
        System.out.printf(Locale.ROOT, "server per deposit: %.1f WAL records, %.2f full-page images, %,.0f WAL bytes; "
                        + "%d checkpoints in the span; %.2f blocks read into shared buffers, %.1f found there%n",
                (double) d[0] / deposits, (double) d[1] / deposits, (double) d[2] / deposits, d[3],
                (double) d[4] / deposits, (double) d[5] / deposits);
        Map<String, Long> misses = misses(admin);
        System.out.println("  blocks read into shared buffers per deposit by relation (pg_statio_user_tables, "
                + "pg_statio_user_indexes), the " + MISSES_LISTED + " most:");
        misses.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - missesStart.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(MISSES_LISTED)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %-56s %6.2f%n", e.getKey(),
                        (double) e.getValue() / deposits));
        System.out.println("rows written per deposit (pg_stat_user_tables): inserted, updated (HOT share), deleted; "
                + "autovacuum and autoanalyze runs ended in the span");
        end.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(table -> {
            long[] before = start.getOrDefault(table.getKey(), new long[6]);
            long[] after = table.getValue();
            long inserted = after[0] - before[0];
            long updated = after[1] - before[1];
            long hot = after[2] - before[2];
            long deleted = after[3] - before[3];
            long vacuums = after[4] - before[4];
            long analyzes = after[5] - before[5];
            if (inserted + updated + deleted + vacuums + analyzes > 0) {
                System.out.printf(Locale.ROOT, "  %-40s %6.2f %6.2f (%5.1f %% HOT) %6.2f  %d %d%n", table.getKey(),
                        (double) inserted / deposits, (double) updated / deposits,
                        updated == 0 ? 0.0 : 100.0 * hot / updated, (double) deleted / deposits, vacuums, analyzes);
            }
        });
    }

    private static long[] server(JdbcTemplate admin) {
        return admin.queryForObject(SERVER, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6)});
    }

    private static Map<String, Long> misses(JdbcTemplate admin) {
        Map<String, Long> misses = new HashMap<>();
        admin.query(MISSES, rs -> {
            misses.merge(rs.getString(1), rs.getLong(2), Long::sum);
        });
        return misses;
    }

    private static Map<String, long[]> read(JdbcTemplate admin) {
        Map<String, long[]> counts = new HashMap<>();
        admin.query(READ, rs -> {
            counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7)});
        });
        return counts;
    }
}
