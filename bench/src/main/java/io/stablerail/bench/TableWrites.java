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
            + "n_tup_del FROM pg_stat_user_tables";

    private final JdbcTemplate admin;
    private final Map<String, long[]> start;

    private TableWrites(JdbcTemplate admin, Map<String, long[]> start) {
        this.admin = admin;
        this.start = start;
    }

    /** Waits for the sessions' counts to be reported, then reads them. */
    static TableWrites start(JdbcTemplate admin) throws InterruptedException {
        Thread.sleep(REPORT_DELAY_MILLIS);
        return new TableWrites(admin, read(admin));
    }

    /** Waits for the sessions' counts to be reported, then prints each table's writes since the start per deposit. */
    void print(int deposits) throws InterruptedException {
        Thread.sleep(REPORT_DELAY_MILLIS);
        Map<String, long[]> end = read(admin);
        System.out.println("rows written per deposit (pg_stat_user_tables): inserted, updated (HOT share), deleted");
        end.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(table -> {
            long[] before = start.getOrDefault(table.getKey(), new long[4]);
            long[] after = table.getValue();
            long inserted = after[0] - before[0];
            long updated = after[1] - before[1];
            long hot = after[2] - before[2];
            long deleted = after[3] - before[3];
            if (inserted + updated + deleted > 0) {
                System.out.printf(Locale.ROOT, "  %-40s %6.2f %6.2f (%5.1f %% HOT) %6.2f%n", table.getKey(),
                        (double) inserted / deposits, (double) updated / deposits,
                        updated == 0 ? 0.0 : 100.0 * hot / updated, (double) deleted / deposits);
            }
        });
    }

    private static Map<String, long[]> read(JdbcTemplate admin) {
        Map<String, long[]> counts = new HashMap<>();
        admin.query(READ, rs -> {
            counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        });
        return counts;
    }
}
