package io.stablerail.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.stablerail.bench.WithdrawalIntakeBench.Pgbench;
import io.stablerail.testsupport.EmbeddedPostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's part of a withdrawal intake with no Java in the way: {@code pgbench} replays the SQL that gateway-api,
 * withdrawal-service and ledger-service send PostgreSQL for one {@code POST /v1/withdrawals}
 * ({@code src/main/resources/intake-sql-replay.sql}, one pgbench transaction per intake), on the services' own schemas
 * and data, at several client counts. It measures what the database's part of an intake costs on this server, next to
 * the TPC-B baseline. It is not a strict upper bound of the services' rate: pgbench keeps every client busy in
 * PostgreSQL at once, where the services' connection pools and their own work spread the same statements out (run 14
 * in docs/performance.md: the direct path 203 /s, this replay 170 /s at 16 clients).
 *
 * <p>The replay is checked, not trusted: every transaction pgbench counts must have left one APPROVED withdrawal, one
 * PENDING hold with its reserve entry and two postings, two outbox events and one completed idempotency record —
 * otherwise {@link #run} throws (a statement that silently did nothing would make the replay look cheap).
 */
final class IntakeSqlReplay {

    static final String SCRIPT = "intake-sql-replay.sql";
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private IntakeSqlReplay() {
    }

    /**
     * Replays intakes for {@code duration} at each client count in {@code clientCounts} (one after the other), spread
     * over every merchant that has an API key and USDT ledger accounts; the services should be stopped first, so only
     * PostgreSQL and pgbench share the machine. Returns the intakes replayed per second by client count, in the order
     * tried; every replayed intake was verified in the database.
     */
    static Map<Integer, Double> run(EmbeddedPostgresServer postgres, JdbcTemplate admin, List<Integer> clientCounts,
                      Duration duration, Map<String, String> constants) throws IOException, InterruptedException {
        admin.execute("""
                CREATE OR REPLACE FUNCTION public.replay_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
                  SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
                          || substr(md5(random()::text), 1, 19))::uuid $$""");
        List<Map<String, Object>> merchants = admin.queryForList("""
                SELECT m.id AS merchant, min(k.prefix) AS prefix,
                       (SELECT id FROM ledger.account WHERE code = 'merchant:' || m.id || ':MERCHANT_AVAILABLE:USDT')
                           AS available,
                       (SELECT id FROM ledger.account WHERE code = 'merchant:' || m.id || ':MERCHANT_HELD:USDT') AS held
                  FROM gateway.merchant m JOIN gateway.api_key k ON k.merchant_id = m.id
                 GROUP BY m.id ORDER BY m.id""");
        merchants.removeIf(m -> m.get("available") == null || m.get("held") == null);
        if (merchants.isEmpty()) {
            throw new IllegalStateException("no merchant with an API key and USDT ledger accounts to replay intakes of");
        }
        String template = template();
        Path dir = Files.createTempDirectory("stablerail-intake-replay");
        try {
            List<String> scripts = new ArrayList<>();
            for (int i = 0; i < merchants.size(); i++) {
                Map<String, Object> m = merchants.get(i);
                String script = fill(template, Map.of("MERCHANT", m.get("merchant").toString(),
                        "PREFIX", m.get("prefix").toString(), "AVAILABLE", m.get("available").toString(),
                        "HELD", m.get("held").toString()));
                Path file = Files.writeString(dir.resolve("intake-" + i + ".sql"), fill(script, constants));
                scripts.add("-f");
                scripts.add(file.toString());
            }
            Map<Integer, Double> rates = new LinkedHashMap<>();
            for (int clients : clientCounts) {
                List<String> arguments = new ArrayList<>(List.of("-n", "-M", "prepared", "-c",
                        Integer.toString(clients), "-j", Integer.toString(Math.min(2, clients)), "-T",
                        Long.toString(Math.max(1, duration.toSeconds()))));
                arguments.addAll(scripts);
                arguments.add(EmbeddedPostgresServer.DATABASE);
                Counts before = Counts.read(admin);
                String out = Pgbench.run(postgres, arguments,
                        Map.of("PGOPTIONS", "-c search_path=ledger"));
                long processed = Long.parseLong(Pgbench.printed(PROCESSED, out));
                if (Long.parseLong(Pgbench.printed(FAILED, out)) != 0 || processed == 0) {
                    throw new IllegalStateException("the intake replay failed or did nothing:\n" + out);
                }
                Counts.read(admin).requireGrowthOf(before, processed);
                rates.put(clients, Double.parseDouble(Pgbench.printed(Pgbench.TPS, out)));
            }
            return rates;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** What one replayed intake leaves in the books, counted over every replayed intake so far. */
    private record Counts(long withdrawals, long holds, long postings, long outbox, long idempotency) {

        static Counts read(JdbcTemplate jdbc) {
            return jdbc.queryForObject("""
                    SELECT (SELECT count(*) FROM withdrawal.withdrawal
                             WHERE idempotency_key LIKE 'replay-%' AND status = 'APPROVED'),
                           (SELECT count(*) FROM ledger.hold h JOIN ledger.journal_entry e ON e.entry_id = h.reserve_entry_id
                             WHERE h.status = 'PENDING' AND e.idempotency_key = 'hold:' || h.id || ':reserve'
                               AND h.reference IN (SELECT 'withdrawal:' || id FROM withdrawal.withdrawal
                                                    WHERE idempotency_key LIKE 'replay-%')),
                           (SELECT count(*) FROM ledger.posting p JOIN ledger.journal_entry e ON e.id = p.entry_id
                              JOIN ledger.hold h ON h.reserve_entry_id = e.entry_id
                             WHERE h.reference IN (SELECT 'withdrawal:' || id FROM withdrawal.withdrawal
                                                    WHERE idempotency_key LIKE 'replay-%')),
                           (SELECT count(*) FROM withdrawal.outbox_event WHERE payload LIKE '%"reference":"replay-%')
                             + (SELECT count(*) FROM ledger.outbox_event WHERE event_type = 'entry.posted'
                                  AND message_key IN (SELECT e.entry_id::text FROM ledger.hold h
                                                        JOIN ledger.journal_entry e ON e.entry_id = h.reserve_entry_id
                                                       WHERE h.reference IN (SELECT 'withdrawal:' || id
                                                               FROM withdrawal.withdrawal
                                                              WHERE idempotency_key LIKE 'replay-%'))),
                           (SELECT count(*) FROM gateway.idempotency_record
                             WHERE idempotency_key LIKE 'replay-%' AND state = 'COMPLETED' AND response_status = 201)""",
                    (rs, row) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }

        void requireGrowthOf(Counts before, long intakes) {
            Counts expected = new Counts(before.withdrawals + intakes, before.holds + intakes,
                    before.postings + 2 * intakes, before.outbox + 2 * intakes, before.idempotency + intakes);
            if (!equals(expected)) {
                throw new IllegalStateException("the replay of " + intakes + " intakes left " + this + ", expected "
                        + expected);
            }
        }
    }

    private static String template() throws IOException {
        try (InputStream in = IntakeSqlReplay.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException(SCRIPT + " is not on the classpath"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Replaces each {@code {NAME}}; a value may not contain a quote (it goes inside SQL literals). */
    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (value.getValue().contains("'")) {
                throw new IllegalArgumentException("a quote in " + value.getKey());
            }
            filled = filled.replace("{" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }
}
