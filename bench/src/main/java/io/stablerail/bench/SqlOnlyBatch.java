package io.stablerail.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.stablerail.events.TimeOrderedIds;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of one {@code Books.postAll} batch of {@link LedgerBenchmark#BATCH_ENTRIES} deposit entries, sent with the
 * ledger's Java left out: the same four statements in one transaction (lock every balance row in account order; insert
 * entries and postings in one data-modifying {@code WITH}, which fires the ledger's statement triggers; update the
 * balances; insert one {@code entry.posted} outbox event per entry), against the same tables, indexes and triggers.
 * Where {@code Books} binds arrays built in Java, these statements build the same rows from
 * {@code generate_series}: entry {@code n} moves {@code 1 + n % 1,000,000} minor units from the deposit wallet to
 * merchant {@code n % 100}, as {@code LedgerBenchmark.deposit(n)}; entry and event ids are time-ordered, from
 * {@link TimeOrderedIds} like the service's.
 *
 * <p>Its rate is therefore the most {@code postingsBatched} could reach if the ledger's Java cost nothing.
 * {@link #verify} checks after the run that the statements really wrote what {@code Books} writes (postings, balances,
 * events), so the figure cannot come from statements that did less.
 */
final class SqlOnlyBatch {

    static final String KEY_PREFIX = "sql-only-";

    private static final String LOCK = """
            SELECT account_id, balance FROM account_balance WHERE account_id = ANY (?) ORDER BY account_id FOR UPDATE""";

    private static final String ENTRIES = """
            WITH src AS (
                SELECT g, ?::bigint + g AS n, (?::uuid[])[g] AS entry_id FROM generate_series(1, ?) AS g),
            e AS (
                INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at, reference,
                                           metadata)
                SELECT entry_id, ? || n, md5(n::text) || md5((-n)::text), 'DEPOSIT', now(), NULL, '{}'::jsonb
                  FROM src ORDER BY g
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING idempotency_key, id),
            p AS (
                INSERT INTO posting (entry_id, account_id, currency, amount)
                SELECT e.id, l.a, 'USDT', l.x
                  FROM src JOIN e ON e.idempotency_key = ? || src.n
                 CROSS JOIN LATERAL (VALUES (?::bigint, -(1 + src.n % 1000000)::numeric, 1),
                                            ((?::bigint[])[1 + (src.n % 100)::int], (1 + src.n % 1000000)::numeric, 2))
                       AS l(a, x, o)
                 ORDER BY src.g, l.o)
            SELECT count(*) FROM e""";

    private static final String BALANCES = """
            UPDATE account_balance b SET balance = b.balance + d.delta, updated_at = now()
              FROM (SELECT a, sum(x) AS delta
                      FROM (SELECT ?::bigint AS a, (1 + n % 1000000)::numeric AS x
                              FROM generate_series(?::bigint + 1, ?::bigint + ?) AS n
                            UNION ALL
                            SELECT (?::bigint[])[1 + (n % 100)::int], (1 + n % 1000000)::numeric
                              FROM generate_series(?::bigint + 1, ?::bigint + ?) AS n) AS t
                     GROUP BY a) AS d
             WHERE b.account_id = d.a""";

    private static final String OUTBOX = """
            INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
            SELECT (?::uuid[])[g], 'stablerail.ledger.v1', (?::uuid[])[g]::text, 'entry.posted',
                   format('{"event_id":"%s","type":"entry.posted","version":1,"occurred_at":"%s","aggregate_id":"%s",'
                          || '"payload":{"entry_id":"%s","idempotency_key":"%s%s","entry_type":"DEPOSIT",'
                          || '"occurred_at":"%s","reference":null,"postings":[{"account":"%s","currency":"USDT",'
                          || '"amount":"-%s"},{"account":"merchant:bench-%s:MERCHANT_AVAILABLE:USDT",'
                          || '"currency":"USDT","amount":"%s"}]}}',
                          (?::uuid[])[g], now(), (?::uuid[])[g], (?::uuid[])[g], ?, ?::bigint + g, now(), ?,
                          1 + (?::bigint + g) % 1000000, (?::bigint + g) % 100, 1 + (?::bigint + g) % 1000000)
              FROM generate_series(1, ?) AS g ORDER BY g""";

    private final long walletAccount;
    private final Long[] merchantAccounts;
    private final Long[] allAccounts;
    private final String walletCode;

    /** {@code merchantAccounts[i]}: the account id of merchant {@code bench-i}'s available USDT. */
    SqlOnlyBatch(long walletAccount, Long[] merchantAccounts, String walletCode) {
        this.walletAccount = walletAccount;
        this.merchantAccounts = merchantAccounts.clone();
        this.walletCode = walletCode;
        this.allAccounts = new Long[merchantAccounts.length + 1];
        System.arraycopy(merchantAccounts, 0, allAccounts, 0, merchantAccounts.length);
        allAccounts[merchantAccounts.length] = walletAccount;
    }

    /** Entries {@code base + 1 … base + BATCH_ENTRIES} in one transaction; returns the postings written. */
    int post(JdbcTemplate jdbc, long base) {
        int entries = LedgerBenchmark.BATCH_ENTRIES;
        UUID[] entryIds = new UUID[entries];
        UUID[] eventIds = new UUID[entries];
        for (int i = 0; i < entries; i++) {
            entryIds[i] = TimeOrderedIds.next();
            eventIds[i] = TimeOrderedIds.next();
        }
        return jdbc.execute((Connection connection) -> {
            connection.setAutoCommit(false);
            try {
                var accounts = connection.createArrayOf("bigint", allAccounts);
                var merchants = connection.createArrayOf("bigint", merchantAccounts);
                var entryArray = connection.createArrayOf("uuid", entryIds);
                try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                    lock.setArray(1, accounts);
                    lock.executeQuery().close();
                }
                int written;
                try (PreparedStatement insert = connection.prepareStatement(ENTRIES)) {
                    bind(insert, base, entryArray, entries, KEY_PREFIX, KEY_PREFIX, walletAccount, merchants);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        written = rs.getInt(1);
                    }
                }
                if (written != entries) {
                    throw new IllegalStateException("wrote " + written + " of " + entries + " entries");
                }
                try (PreparedStatement balances = connection.prepareStatement(BALANCES)) {
                    bind(balances, walletAccount, base, base, entries, merchants, base, base, entries);
                    balances.executeUpdate();
                }
                try (PreparedStatement outbox = connection.prepareStatement(OUTBOX)) {
                    var eventArray = connection.createArrayOf("uuid", eventIds);
                    bind(outbox, eventArray, entryArray, eventArray, entryArray, entryArray, KEY_PREFIX, base,
                            walletCode, base, base, base, entries);
                    outbox.executeUpdate();
                }
                connection.commit();
                return 2 * entries;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    /**
     * After a run: every SQL-only entry has its two postings summing to zero and one {@code entry.posted} event, and
     * every account's balance still equals the sum of its postings on its normal side — what {@code Books} guarantees.
     */
    static void verify(JdbcTemplate jdbc) {
        Long entries = jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key LIKE ?",
                Long.class, KEY_PREFIX + "%");
        Long unbalanced = jdbc.queryForObject("""
                SELECT count(*) FROM (SELECT e.id FROM journal_entry e JOIN posting p ON p.entry_id = e.id
                                       WHERE e.idempotency_key LIKE ? GROUP BY e.id
                                      HAVING count(*) <> 2 OR sum(p.amount) <> 0) AS bad""",
                Long.class, KEY_PREFIX + "%");
        Long events = jdbc.queryForObject("""
                SELECT count(*) FROM outbox_event o JOIN journal_entry e ON o.message_key = e.entry_id::text
                 WHERE e.idempotency_key LIKE ? AND o.event_type = 'entry.posted'""", Long.class, KEY_PREFIX + "%");
        Long wrongBalances = jdbc.queryForObject("""
                SELECT count(*) FROM account a JOIN account_balance b ON b.account_id = a.id
                 WHERE b.balance <> CASE a.normal_side WHEN 'CREDIT' THEN 1 ELSE -1 END
                                    * (SELECT coalesce(sum(p.amount), 0) FROM posting p WHERE p.account_id = a.id)""",
                Long.class);
        if (unbalanced != 0 || !entries.equals(events) || wrongBalances != 0) {
            throw new IllegalStateException("the SQL-only batches wrote other books than Books does: " + entries
                    + " entries, " + unbalanced + " unbalanced, " + events + " events, " + wrongBalances
                    + " accounts whose balance is not the sum of their postings");
        }
    }
}
