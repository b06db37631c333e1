package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.stablerail.ledger.books.persistence.JdbcLedgerRepository;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.config.MessagingSchemaMigration;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.testsupport.SharedInfra;
import io.stablerail.testsupport.TestInfra;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Random sequences of deposits, spends, holds, posts, voids, expiries and duplicate submissions against the real
 * books on PostgreSQL. After every step: every entry sums to zero per currency, every balance equals the sum of its
 * postings, nothing that must not go negative is, each hold is resolved at most once, and the merchant's available
 * and held balances equal a simple model's.
 */
class BooksPropertyIT {

    static final AccountRef WALLET = AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TPropertyHot");
    static Books books;
    static JdbcTemplate jdbc;

    @BeforeContainer
    static void books() {
        TestInfra infra = SharedInfra.get().namespaceFor(BooksPropertyIT.class);
        DataSource dataSource = infra.dataSource();
        Flyway.configure().dataSource(dataSource).schemas(infra.schema()).defaultSchema(infra.schema())
                .locations("classpath:db/migration").load().migrate();
        new MessagingSchemaMigration(dataSource, infra.schema()).afterPropertiesSet();
        jdbc = new JdbcTemplate(dataSource);
        books = new Books(new JdbcLedgerRepository(jdbc), new Outbox(jdbc, new TopicNames("")), Clock.systemUTC(),
                new DataSourceTransactionManager(dataSource));
    }

    sealed interface Op permits Deposit, Spend, Reserve, PostHold, VoidHold, ExpireHold, Repeat {
    }

    record Deposit(long amount) implements Op { }

    record Spend(long amount) implements Op { }

    record Reserve(long amount, boolean overdue) implements Op { }

    record PostHold(int hold, int percent) implements Op { }

    record VoidHold(int hold) implements Op { }

    record ExpireHold(int hold) implements Op { }

    /** Submits the previous command again, unchanged: a duplicate delivery or client retry. */
    record Repeat() implements Op { }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 5_000);
        Arbitrary<Integer> hold = Arbitraries.integers().between(0, 5);
        Arbitrary<Op> op = Arbitraries.oneOf(
                amount.map(Deposit::new), amount.map(Spend::new),
                Combinators.combine(amount, Arbitraries.of(true, false)).as(Reserve::new),
                Combinators.combine(hold, Arbitraries.integers().between(1, 100)).as(PostHold::new),
                hold.map(VoidHold::new), hold.map(ExpireHold::new), Arbitraries.just(new Repeat()));
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    /** What the merchant's balances must be. */
    static final class Model {
        long available;
        long held;
        final List<UUID> holds = new ArrayList<>();
        final Map<UUID, Long> pending = new java.util.HashMap<>();
    }

    @Property(tries = 60)
    void invariantsHoldAfterEveryStep(@ForAll("operations") List<Op> operations) {
        String merchant = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Model model = new Model();
        Runnable last = () -> { };
        int step = 0;
        for (Op op : operations) {
            String key = merchant + "-" + step++;
            Runnable command = switch (op) {
                case Deposit d -> () -> deposit(merchant, key, d.amount(), model);
                case Spend s -> () -> spend(merchant, key, s.amount(), model);
                case Reserve r -> {
                    // the request is fixed when the command is made, so a Repeat resubmits identical content
                    HoldRequest request = new HoldRequest(UUID.nameUUIDFromBytes(key.getBytes()), merchant,
                            Currency.USDT, BigInteger.valueOf(r.amount()),
                            r.overdue() ? Instant.now().minusSeconds(1) : null, null);
                    yield () -> reserve(request, model);
                }
                case PostHold p -> () -> postHold(model, p);
                case VoidHold v -> () -> release(model, v.hold(), false);
                case ExpireHold e -> () -> release(model, e.hold(), true);
                case Repeat r -> last;
            };
            command.run();
            last = command;
            checkInvariants(merchant, model);
        }
    }

    private void deposit(String merchant, String key, long amount, Model model) {
        PostedEntry entry = books.post(new EntryRequest(key, "DEPOSIT", Instant.now(), null, null, List.of(
                PostingLine.debit(WALLET, BigInteger.valueOf(amount)),
                PostingLine.credit(AccountRef.merchantAvailable(merchant, Currency.USDT), BigInteger.valueOf(amount)))));
        if (!entry.replayed()) {
            model.available += amount;
        }
    }

    private void spend(String merchant, String key, long amount, Model model) {
        try {
            PostedEntry entry = books.post(new EntryRequest(key, "PAYOUT", Instant.now(), null, null, List.of(
                    PostingLine.debit(AccountRef.merchantAvailable(merchant, Currency.USDT), BigInteger.valueOf(amount)),
                    PostingLine.credit(WALLET, BigInteger.valueOf(amount)))));
            if (!entry.replayed()) {
                model.available -= amount;
            }
        } catch (LedgerException e) {
            assertThat(e.code()).isEqualTo("insufficient_funds");
            assertThat(amount).isGreaterThan(model.available);
        }
    }

    private void reserve(HoldRequest request, Model model) {
        UUID holdId = request.holdId();
        long amount = request.amount().longValueExact();
        boolean known = model.holds.contains(holdId);
        try {
            books.reserve(request);
            if (!known) {
                model.holds.add(holdId);
                model.pending.put(holdId, amount);
                model.available -= amount;
                model.held += amount;
            }
        } catch (LedgerException e) {
            assertThat(e.code()).isEqualTo("insufficient_funds");
            assertThat(amount).isGreaterThan(model.available);
        }
    }

    private void postHold(Model model, PostHold p) {
        if (model.holds.isEmpty()) {
            return;
        }
        UUID holdId = model.holds.get(p.hold() % model.holds.size());
        Hold hold = books.hold(holdId).orElseThrow();
        BigInteger amount = hold.amount().multiply(BigInteger.valueOf(p.percent())).divide(BigInteger.valueOf(100))
                .max(BigInteger.ONE);
        try {
            books.post(holdId, amount, WALLET);
            Long pending = model.pending.remove(holdId);
            if (pending != null) {
                model.held -= pending;
                model.available += pending - amount.longValueExact();
            }
        } catch (LedgerException e) {
            assertThat(e.code()).isEqualTo("hold_already_resolved");
            assertThat(model.pending).doesNotContainKey(holdId);
        }
    }

    private void release(Model model, int index, boolean expire) {
        if (model.holds.isEmpty()) {
            return;
        }
        UUID holdId = model.holds.get(index % model.holds.size());
        try {
            if (expire) {
                books.expire(holdId);
            } else {
                books.voidHold(holdId);
            }
            Long pending = model.pending.remove(holdId);
            if (pending != null) {
                model.held -= pending;
                model.available += pending;
            }
        } catch (LedgerException e) {
            assertThat(e.code()).isEqualTo("hold_already_resolved");
            assertThat(model.pending).doesNotContainKey(holdId);
        }
    }

    private static void checkInvariants(String merchant, Model model) {
        assertThat(jdbc.queryForList("SELECT entry_id FROM posting GROUP BY entry_id, currency HAVING sum(amount) <> 0"))
                .as("every entry sums to zero").isEmpty();
        assertThat(jdbc.queryForList("""
                SELECT a.code FROM account a JOIN account_balance b ON b.account_id = a.id
                 WHERE b.balance <> (CASE a.normal_side WHEN 'CREDIT' THEN 1 ELSE -1 END)
                                    * coalesce((SELECT sum(amount) FROM posting p WHERE p.account_id = a.id), 0)
                    OR (NOT a.may_go_negative AND b.balance < 0)""", String.class))
                .as("balances equal the sum of postings, none negative").isEmpty();
        assertThat(jdbc.queryForList("SELECT metadata->>'hold_id' FROM journal_entry WHERE entry_type IN "
                + "('HOLD_POST', 'HOLD_VOID', 'HOLD_EXPIRE') GROUP BY 1 HAVING count(*) > 1", String.class))
                .as("each hold resolved at most once").isEmpty();
        assertThat(balance(AccountRef.merchantAvailable(merchant, Currency.USDT))).isEqualTo(model.available);
        assertThat(balance(AccountRef.merchantHeld(merchant, Currency.USDT))).isEqualTo(model.held);
    }

    private static long balance(AccountRef account) {
        List<BigDecimal> rows = jdbc.queryForList("SELECT b.balance FROM account_balance b JOIN account a "
                + "ON a.id = b.account_id WHERE a.code = ?", BigDecimal.class, account.code());
        return rows.isEmpty() ? 0 : rows.getFirst().longValueExact();
    }
}
