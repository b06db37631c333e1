package io.stablerail.ledger.books.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.stablerail.ledger.books.AccountBalance;
import io.stablerail.ledger.books.AccountKind;
import io.stablerail.ledger.books.AccountRef;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.Hold;
import io.stablerail.ledger.books.HoldRequest;
import io.stablerail.ledger.books.HoldStatus;
import io.stablerail.ledger.books.LedgerRepository;
import io.stablerail.ledger.books.PostedEntry;
import io.stablerail.ledger.books.PostingLine;
import io.stablerail.ledger.books.StatementLine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The books in PostgreSQL. Batches use {@code unnest} arrays, so a batch costs a fixed number of statements. */
@Repository
public class JdbcLedgerRepository implements LedgerRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCOUNT_COLUMNS = "a.kind, a.currency, a.owner_id, a.chain, a.token, a.wallet";

    private final JdbcTemplate jdbc;
    /** Committed account ids by code; account rows never change once created. */
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();

    public JdbcLedgerRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<AccountRef, Long> resolveAccounts(Collection<AccountRef> accounts) {
        Map<AccountRef, Long> resolved = new HashMap<>();
        List<AccountRef> missing = new ArrayList<>();
        for (AccountRef account : accounts) {
            Long id = accountIds.get(account.code());
            if (id != null) {
                resolved.put(account, id);
            } else {
                missing.add(account);
            }
        }
        if (!missing.isEmpty()) {
            missing.sort(Comparator.comparing(AccountRef::code)); // one creation order for every writer
            missing.forEach(this::createIfAbsent);
            Map<String, Long> found = new HashMap<>();
            jdbc.query("SELECT code, id FROM account WHERE code = ANY (?)",
                    rs -> {
                        found.put(rs.getString(1), rs.getLong(2));
                    },
                    (Object) missing.stream().map(AccountRef::code).toArray(String[]::new));
            missing.forEach(account -> resolved.put(account, found.get(account.code())));
            rememberAfterCommit(found);
        }
        return resolved;
    }

    private void createIfAbsent(AccountRef account) {
        AccountKind kind = account.kind();
        jdbc.update("""
                INSERT INTO account (code, owner_type, owner_id, kind, currency, chain, token, wallet, normal_side,
                                     may_go_negative)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING""",
                account.code(), account.isMerchant() ? "MERCHANT" : "PLATFORM", account.merchantId(), kind.name(),
                account.currency().name(), account.chain(), account.token(), account.wallet(),
                kind.normalSide().name(), kind.mayGoNegative());
        jdbc.update("INSERT INTO account_balance (account_id, may_go_negative) "
                + "SELECT id, may_go_negative FROM account WHERE code = ? ON CONFLICT DO NOTHING", account.code());
    }

    /** Ids created in a transaction that may still roll back are cached only once it commits. */
    private void rememberAfterCommit(Map<String, Long> found) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    accountIds.putAll(found);
                }
            });
        } else {
            accountIds.putAll(found);
        }
    }

    @Override
    public Map<String, Long> insertEntriesIfAbsent(List<NewEntry> entries, Map<AccountRef, Long> accountIds) {
        int n = entries.size();
        String[] ids = new String[n];
        String[] keys = new String[n];
        String[] hashes = new String[n];
        String[] types = new String[n];
        String[] occurred = new String[n];
        String[] references = new String[n];
        String[] metadata = new String[n];
        List<String> postingKeys = new ArrayList<>(2 * n);
        List<String> postingAccounts = new ArrayList<>(2 * n);
        List<String> postingCurrencies = new ArrayList<>(2 * n);
        List<String> postingAmounts = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            NewEntry entry = entries.get(i);
            ids[i] = entry.entryId().toString();
            keys[i] = entry.request().idempotencyKey();
            hashes[i] = entry.fingerprint();
            types[i] = entry.request().type();
            occurred[i] = entry.request().occurredAt().toString();
            references[i] = entry.request().reference();
            metadata[i] = JSON.writeValueAsString(entry.request().metadata());
            for (PostingLine line : entry.request().postings()) {
                postingKeys.add(keys[i]);
                postingAccounts.add(Long.toString(accountIds.get(line.account())));
                postingCurrencies.add(line.currency().name());
                postingAmounts.add(line.amount().toString());
            }
        }
        Map<String, Long> inserted = new HashMap<>();
        // one statement: the journal_entry trigger checks that every entry it inserted has postings by then
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    WITH e AS (
                        INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at,
                                                   reference, metadata)
                        SELECT e::uuid, k, h, t, o::timestamptz, r, m::jsonb
                          FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                               AS u(e, k, h, t, o, r, m)
                        ON CONFLICT (idempotency_key) DO NOTHING
                        RETURNING idempotency_key, id),
                    p AS (
                        INSERT INTO posting (entry_id, account_id, currency, amount)
                        SELECT e.id, l.a::bigint, l.c, l.x::numeric
                          FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS l(k, a, c, x, n)
                          JOIN e ON e.idempotency_key = l.k
                         ORDER BY l.n)
                    SELECT idempotency_key, id FROM e""");
            setTextArrays(connection, statement, ids, keys, hashes, types, occurred, references, metadata,
                    postingKeys.toArray(String[]::new), postingAccounts.toArray(String[]::new),
                    postingCurrencies.toArray(String[]::new), postingAmounts.toArray(String[]::new));
            return statement;
        }, rs -> {
            inserted.put(rs.getString(1), rs.getLong(2));
        });
        return inserted;
    }

    @Override
    public Optional<StoredEntry> findEntry(String idempotencyKey) {
        List<StoredEntry> entries = jdbc.query("""
                SELECT id, entry_id, request_hash, entry_type, occurred_at, recorded_at, reference, metadata::text
                  FROM journal_entry WHERE idempotency_key = ?""",
                (rs, i) -> new StoredEntry(rs.getLong(1), rs.getString(3), new PostedEntry(
                        rs.getObject(2, UUID.class), idempotencyKey, rs.getString(4), instant(rs, 5), instant(rs, 6),
                        rs.getString(7), JSON.readValue(rs.getString(8), new TypeReference<Map<String, String>>() { }),
                        List.of(), false)),
                idempotencyKey);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        StoredEntry stored = entries.getFirst();
        List<PostingLine> postings = jdbc.query("SELECT " + ACCOUNT_COLUMNS + ", p.amount FROM posting p "
                        + "JOIN account a ON a.id = p.account_id WHERE p.entry_id = ? ORDER BY p.id",
                (rs, i) -> new PostingLine(account(rs), rs.getBigDecimal(7).toBigIntegerExact()), stored.id());
        PostedEntry e = stored.entry();
        return Optional.of(new StoredEntry(stored.id(), stored.fingerprint(), new PostedEntry(e.entryId(),
                e.idempotencyKey(), e.type(), e.occurredAt(), e.recordedAt(), e.reference(), e.metadata(), postings,
                false)));
    }

    @Override
    public Map<Long, BigInteger> lockBalances(Collection<Long> accountIds) {
        Map<Long, BigInteger> balances = new LinkedHashMap<>();
        jdbc.query("SELECT account_id, balance FROM account_balance WHERE account_id = ANY (?) "
                        + "ORDER BY account_id FOR UPDATE",
                rs -> {
                    balances.put(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
                },
                (Object) accountIds.toArray(Long[]::new));
        if (balances.size() != accountIds.size()) {
            throw new IllegalStateException("balance rows missing for accounts " + accountIds);
        }
        return balances;
    }

    @Override
    public void addToBalances(Map<Long, BigInteger> deltas) {
        Long[] ids = deltas.keySet().toArray(Long[]::new);
        BigDecimal[] amounts = new BigDecimal[ids.length];
        for (int i = 0; i < ids.length; i++) {
            amounts[i] = new BigDecimal(deltas.get(ids[i]));
        }
        jdbc.update("UPDATE account_balance b SET balance = b.balance + d.delta, updated_at = now() "
                        + "FROM unnest(?::bigint[], ?::numeric[]) AS d(account_id, delta) "
                        + "WHERE b.account_id = d.account_id",
                ids, amounts);
    }

    @Override
    public Map<AccountRef, BigInteger> balances(Collection<AccountRef> accounts) {
        Map<String, AccountRef> byCode = new HashMap<>();
        accounts.forEach(a -> byCode.put(a.code(), a));
        Map<AccountRef, BigInteger> balances = new HashMap<>();
        jdbc.query("SELECT a.code, b.balance FROM account a JOIN account_balance b ON b.account_id = a.id "
                        + "WHERE a.code = ANY (?)",
                rs -> {
                    balances.put(byCode.get(rs.getString(1)), rs.getBigDecimal(2).toBigIntegerExact());
                },
                (Object) byCode.keySet().toArray(String[]::new));
        return balances;
    }

    @Override
    public BigInteger balanceAsOf(AccountRef account, Instant asOf) {
        BigDecimal sum = jdbc.queryForObject("SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN account a "
                        + "ON a.id = p.account_id WHERE a.code = ? AND p.recorded_at <= ?",
                BigDecimal.class, account.code(), Timestamp.from(asOf));
        return sum.toBigIntegerExact().multiply(BigInteger.valueOf(account.kind().creditSign()));
    }

    @Override
    public List<AccountBalance> platformWalletBalances() {
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + ", b.balance FROM account a JOIN account_balance b "
                        + "ON b.account_id = a.id WHERE a.kind IN ('HOT_WALLET', 'COLD_WALLET', 'DEPOSIT_WALLET') "
                        + "ORDER BY a.chain, a.token, a.wallet, a.kind",
                (rs, i) -> new AccountBalance(account(rs), rs.getBigDecimal(7).toBigIntegerExact()));
    }

    @Override
    public List<StatementLine> statement(String merchantId, Currency currency, long startingAfter, int limit) {
        return jdbc.query("""
                SELECT p.id, e.entry_id, e.entry_type, e.reference, a.kind, p.currency, p.amount, p.recorded_at
                  FROM posting p
                  JOIN account a ON a.id = p.account_id
                  JOIN journal_entry e ON e.id = p.entry_id
                 WHERE a.owner_id = ? AND a.currency = ? AND a.kind IN ('MERCHANT_AVAILABLE', 'MERCHANT_HELD')
                   AND p.id > ?
                 ORDER BY p.id LIMIT ?""",
                (rs, i) -> new StatementLine(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), Currency.valueOf(rs.getString(6)),
                        rs.getBigDecimal(7).toBigIntegerExact(), instant(rs, 8)),
                merchantId, currency.name(), startingAfter, limit);
    }

    // ---- holds ------------------------------------------------------------------------------------------------

    private static final String HOLD_COLUMNS = "id, merchant_id, currency, amount, status, posted_amount, expires_at, "
            + "reference, created_at, resolved_at, request_hash, resolve_hash";

    private static final RowMapper<LockedHold> HOLD = (rs, i) -> new LockedHold(new Hold(rs.getObject(1, UUID.class),
            rs.getString(2), Currency.valueOf(rs.getString(3)), rs.getBigDecimal(4).toBigIntegerExact(),
            HoldStatus.valueOf(rs.getString(5)),
            rs.getBigDecimal(6) == null ? null : rs.getBigDecimal(6).toBigIntegerExact(), instant(rs, 7),
            rs.getString(8), instant(rs, 9), instant(rs, 10)), rs.getString(11), rs.getString(12));

    @Override
    public boolean insertHold(HoldRequest request, String fingerprint, UUID reserveEntryId) {
        return jdbc.update("""
                INSERT INTO hold (id, request_hash, merchant_id, currency, amount, status, reference, expires_at,
                                  reserve_entry_id)
                VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                request.holdId(), fingerprint, request.merchantId(), request.currency().name(),
                new BigDecimal(request.amount()), request.reference(),
                request.expiresAt() == null ? null : Timestamp.from(request.expiresAt()), reserveEntryId) == 1;
    }

    @Override
    public Optional<Hold> findHold(UUID holdId) {
        return jdbc.query("SELECT " + HOLD_COLUMNS + " FROM hold WHERE id = ?", HOLD, holdId).stream()
                .findFirst().map(LockedHold::hold);
    }

    @Override
    public Optional<LockedHold> lockHold(UUID holdId) {
        return jdbc.query("SELECT " + HOLD_COLUMNS + " FROM hold WHERE id = ? FOR UPDATE", HOLD, holdId).stream()
                .findFirst();
    }

    @Override
    public void resolveHold(UUID holdId, HoldStatus status, BigInteger postedAmount, UUID resolveEntryId,
                            String resolveFingerprint) {
        int updated = jdbc.update("UPDATE hold SET status = ?, posted_amount = ?, resolve_entry_id = ?, "
                        + "resolve_hash = ?, resolved_at = now() WHERE id = ? AND status = 'PENDING'",
                status.name(), postedAmount == null ? null : new BigDecimal(postedAmount), resolveEntryId,
                resolveFingerprint, holdId);
        if (updated != 1) {
            throw new IllegalStateException("hold " + holdId + " was not PENDING");
        }
    }

    @Override
    public List<UUID> expiredHoldIds(Instant now, int limit) {
        return jdbc.query("SELECT id FROM hold WHERE status = 'PENDING' AND expires_at <= ? ORDER BY expires_at "
                + "LIMIT ?", (rs, i) -> rs.getObject(1, UUID.class), Timestamp.from(now), limit);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static AccountRef account(ResultSet rs) throws SQLException {
        return new AccountRef(AccountKind.valueOf(rs.getString(1)), Currency.valueOf(rs.getString(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void setTextArrays(Connection connection, PreparedStatement statement, String[]... arrays)
            throws SQLException {
        for (int i = 0; i < arrays.length; i++) {
            Array array = connection.createArrayOf("text", arrays[i]);
            statement.setArray(i + 1, array);
        }
    }
}
