package io.stablerail.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stablerail.ledger.books.AccountKind;
import io.stablerail.ledger.books.AccountRef;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.EntryRequest;
import io.stablerail.ledger.books.MerchantBalance;
import io.stablerail.ledger.books.PostingLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ledger postings per second, single and batched, against the baseline of a raw batched INSERT of the same number of
 * rows into a table of the posting table's shape on the same durable PostgreSQL; and balance-read latency.
 * Throughput benchmarks report postings (rows) per second thanks to {@code @OperationsPerInvocation}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class LedgerBenchmark {

    static final int MERCHANTS = 100;
    static final int BATCH_ENTRIES = 500;
    static final int BATCH_POSTINGS = BATCH_ENTRIES * 2;
    static final AccountRef DEPOSIT_WALLET = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TBenchDeposit");

    DurableLedger ledger;
    final AtomicLong sequence = new AtomicLong();
    List<AccountRef> merchants;
    SqlOnlyBatch sqlOnly;

    @Setup(Level.Trial)
    public void start() {
        ledger = new DurableLedger();
        merchants = new ArrayList<>();
        for (int i = 0; i < MERCHANTS; i++) {
            merchants.add(AccountRef.merchantAvailable("bench-" + i, Currency.USDT));
        }
        // same columns and types as ledger.posting, no constraints or triggers: the floor any insert path can reach
        ledger.jdbc.execute("CREATE TABLE IF NOT EXISTS posting_raw (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY "
                + "KEY, entry_id BIGINT NOT NULL, account_id BIGINT NOT NULL, currency TEXT NOT NULL, "
                + "amount NUMERIC(78,0) NOT NULL, recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        // the posting table's own definition (columns, defaults, identity, checks and indexes) without the ledger's
        // triggers: what a raw insert of postings into a table shaped like the ledger's costs
        ledger.jdbc.execute("CREATE TABLE IF NOT EXISTS posting_like (LIKE posting INCLUDING ALL)");
        ledger.books.postAll(batch()); // creates the accounts, warms the account cache
        sqlOnly = new SqlOnlyBatch(accountId(DEPOSIT_WALLET),
                merchants.stream().map(this::accountId).toArray(Long[]::new), DEPOSIT_WALLET.code());
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            SqlOnlyBatch.verify(ledger.jdbc);
        } finally {
            ledger.close();
        }
    }

    private long accountId(AccountRef account) {
        return ledger.jdbc.queryForObject("SELECT id FROM account WHERE code = ?", Long.class, account.code());
    }

    private EntryRequest deposit(long n) {
        BigInteger amount = BigInteger.valueOf(1 + n % 1_000_000);
        return new EntryRequest("bench-" + n, "DEPOSIT", Instant.now(), null, null, List.of(
                PostingLine.debit(DEPOSIT_WALLET, amount),
                PostingLine.credit(merchants.get((int) (n % MERCHANTS)), amount)));
    }

    private List<EntryRequest> batch() {
        List<EntryRequest> entries = new ArrayList<>(BATCH_ENTRIES);
        for (int i = 0; i < BATCH_ENTRIES; i++) {
            entries.add(deposit(sequence.incrementAndGet()));
        }
        return entries;
    }

    /** One entry (two postings) per transaction. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2)
    public Object postingsSingle() {
        return ledger.books.post(deposit(sequence.incrementAndGet()));
    }

    /** 500 entries (1,000 postings) per transaction, through the same code path. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_POSTINGS)
    public Object postingsBatched() {
        return ledger.books.postAll(batch());
    }

    /**
     * Not a baseline but the other side of the ratio: the SQL of one {@code postingsBatched} transaction (500 entries,
     * 1,000 postings) with the Java left out — see {@link SqlOnlyBatch}. {@code postingsBatched ÷ this} is what the
     * ledger's Java costs; {@code this ÷ rawInsertBatched*} is the most the ledger's ratio could reach with free Java.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_POSTINGS)
    public int postingsBatchedSqlOnly() {
        return sqlOnly.post(ledger.jdbc, sequence.addAndGet(BATCH_ENTRIES) - BATCH_ENTRIES);
    }

    /**
     * Baseline: 1,000 rows of the posting columns in one transaction, one INSERT … SELECT FROM unnest, into a bare
     * table (primary key only).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_POSTINGS)
    public int rawInsertBatched() {
        return rawInsert("posting_raw");
    }

    /** Baseline: the same insert into {@code posting_like}, a copy of the posting table's definition and indexes. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_POSTINGS)
    public int rawInsertBatchedSameIndexes() {
        return rawInsert("posting_like");
    }

    private int rawInsert(String table) {
        long base = sequence.addAndGet(BATCH_POSTINGS);
        Long[] entries = new Long[BATCH_POSTINGS];
        Long[] accounts = new Long[BATCH_POSTINGS];
        String[] currencies = new String[BATCH_POSTINGS];
        BigDecimal[] amounts = new BigDecimal[BATCH_POSTINGS];
        for (int i = 0; i < BATCH_POSTINGS; i++) {
            entries[i] = base + i / 2;
            accounts[i] = (long) (i % MERCHANTS);
            currencies[i] = "USDT";
            amounts[i] = BigDecimal.valueOf(i % 2 == 0 ? -(1 + i) : i);
        }
        return ledger.jdbc.execute((Connection connection) -> {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO " + table + " (entry_id, account_id, currency, amount) "
                            + "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::numeric[])")) {
                statement.setArray(1, connection.createArrayOf("bigint", entries));
                statement.setArray(2, connection.createArrayOf("bigint", accounts));
                statement.setArray(3, connection.createArrayOf("text", currencies));
                statement.setArray(4, connection.createArrayOf("numeric", amounts));
                int rows = statement.executeUpdate();
                connection.commit();
                return rows;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /** A merchant's balances (available, held, total for USDT and USDC): the read behind every withdrawal check. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<MerchantBalance> balanceRead() {
        return ledger.books.merchantBalances("bench-" + (sequence.incrementAndGet() % MERCHANTS), null);
    }
}
