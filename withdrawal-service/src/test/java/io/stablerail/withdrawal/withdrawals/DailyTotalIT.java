package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The daily totals the limit reads (migration V8's {@code withdrawal_daily_total}) always equal the sum they replace —
 * the {@link WithdrawalStatus#COUNTED} withdrawals per merchant, asset and UTC day — whatever inserts and status changes
 * are made, in any order, and by whichever code path (here plain SQL, as a future job or an ops fix would).
 */
class DailyTotalIT extends WithdrawalIntegrationTest {

    private static final List<WithdrawalStatus> STATUSES = List.of(WithdrawalStatus.values());

    @Test
    void randomInsertsAndStatusChangesKeepEveryTotalEqualToTheSumItReplaces() {
        Random random = new Random(20261205L);
        List<UUID> rows = new ArrayList<>();
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS);
        for (int step = 0; step < 400; step++) {
            if (rows.isEmpty() || random.nextInt(3) == 0) {
                // three merchants, two assets, three days (yesterday, today, tomorrow) around a UTC midnight
                Instant created = midnight.plus(random.nextInt(3) - 1, ChronoUnit.DAYS)
                        .plusSeconds(random.nextBoolean() ? 1 : 86_399);
                rows.add(insert("m-daily-" + random.nextInt(3), random.nextBoolean() ? "USDT" : "USDC",
                        1 + random.nextInt(1_000_000), STATUSES.get(random.nextInt(STATUSES.size())), created));
            } else {
                UUID row = rows.get(random.nextInt(rows.size()));
                jdbc.update("UPDATE withdrawal SET status = ?, updated_at = now() WHERE id = ?",
                        STATUSES.get(random.nextInt(STATUSES.size())).name(), row);
            }
            assertThat(totals()).as("after step %d", step).isEqualTo(sums());
        }
        assertThat(sums()).as("the walk reached counted and uncounted rows on several days").hasSizeGreaterThan(6);
    }

    @Test
    void theDatabaseCountsExactlyTheStatusesTheServiceCounts() {
        for (WithdrawalStatus status : WithdrawalStatus.values()) {
            assertThat(jdbc.queryForObject("SELECT withdrawal_counts_against_limit(?)", Boolean.class, status.name()))
                    .as(status.name()).isEqualTo(WithdrawalStatus.COUNTED.contains(status));
        }
    }

    @Test
    void theLimitReadsTodaysTotalAndARefusedOrCancelledWithdrawalGivesItsAmountBack() {
        ledger().fund("m-daily", "USDT", usd("100"));
        UUID twenty = UUID.fromString(withdraw("m-daily", "ethereum", "USDT", EVM_DESTINATION, "20").path("id")
                .asString());
        assertThat(today("m-daily")).isEqualTo(20_000_000L);

        post("/internal/v1/merchants/m-daily/withdrawals/" + twenty + "/cancel", null);
        assertThat(today("m-daily")).isZero();
        // the whole 30 of m-daily's daily limit is free again
        withdraw("m-daily", "ethereum", "USDT", EVM_DESTINATION, "30");
        assertThat(today("m-daily")).isEqualTo(30_000_000L);
        assertThat(code(requestWithdrawal("m-daily", "one-more", body("ethereum", "USDT", EVM_DESTINATION,
                "0.000001")))).isEqualTo("422 limit_exceeded");
        assertThat(totals()).isEqualTo(sums());
    }

    @Test
    void aStatusChangeFromASessionOnAnotherSearchPathStillKeepsTheTotals() {
        UUID row = insert("m-daily-psql", "USDT", 5_000_000, WithdrawalStatus.APPROVED, Instant.now());
        String schema = jdbc.queryForObject("SELECT current_schema()", String.class);

        // as an ops fix in psql would: schema-qualified, with the session's search_path elsewhere
        jdbc.execute((java.sql.Connection connection) -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                String pooled = connection.getSchema();
                statement.execute("SET search_path TO public");
                try {
                    statement.executeUpdate("UPDATE \"" + schema + "\".withdrawal SET status = 'FAILED' WHERE id = '"
                            + row + "'");
                } finally {
                    connection.setSchema(pooled); // the pooled connection goes back as it came
                }
            }
            return null;
        });

        assertThat(jdbc.queryForObject("SELECT status FROM withdrawal WHERE id = ?", String.class, row))
                .isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("""
                SELECT amount_minor FROM withdrawal_daily_total WHERE merchant_id = 'm-daily-psql'""", Long.class))
                .isZero();
        assertThat(totals()).isEqualTo(sums());
    }

    private UUID insert(String merchant, String asset, long amount, WithdrawalStatus status, Instant created) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO withdrawal (id, merchant_id, idempotency_key, request_fingerprint, chain, asset,
                    token_contract, to_address, amount_minor, amount_base, hold_id, hot_wallet, status, requested_by,
                    not_before, created_at, updated_at)
                VALUES (?, ?, ?, repeat('f', 64), 'ethereum', ?, '0xtoken', ?, ?, ?, ?, ?, ?, 'test', ?, ?, ?)""",
                id, merchant, id.toString(), asset, EVM_DESTINATION, amount, amount, UUID.randomUUID(), EVM_HOT_WALLET,
                status.name(), Timestamp.from(created), Timestamp.from(created), Timestamp.from(created));
        return id;
    }

    private long today(String merchant) {
        return jdbc.queryForList("""
                SELECT amount_minor FROM withdrawal_daily_total
                 WHERE merchant_id = ? AND asset = 'USDT' AND day = (now() AT TIME ZONE 'UTC')::date""", Long.class,
                merchant).stream().findFirst().orElse(0L);
    }

    /** The kept totals, zero ones left out (a day whose withdrawals all left the counted statuses). */
    private Map<String, Long> totals() {
        return rowsOf("""
                SELECT merchant_id || '/' || asset || '/' || day AS k, amount_minor::bigint AS v
                  FROM withdrawal_daily_total WHERE amount_minor <> 0""");
    }

    /** What the limit used to compute: the counted withdrawals' sum per merchant, asset and UTC day. */
    private Map<String, Long> sums() {
        return rowsOf("""
                SELECT merchant_id || '/' || asset || '/' || (created_at AT TIME ZONE 'UTC')::date AS k,
                       sum(amount_minor)::bigint AS v
                  FROM withdrawal WHERE status = ANY (?) GROUP BY 1""",
                (Object) WithdrawalStatus.COUNTED.stream().map(Enum::name).toArray(String[]::new));
    }

    private Map<String, Long> rowsOf(String sql, Object... args) {
        Map<String, Long> rows = new java.util.TreeMap<>();
        jdbc.query(sql, rs -> {
            rows.put(rs.getString("k"), rs.getLong("v"));
        }, args);
        return rows;
    }
}
