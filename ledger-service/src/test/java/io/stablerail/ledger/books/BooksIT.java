package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The books against real PostgreSQL: entries, idempotency, database-enforced invariants, holds, balances. */
@EmbeddedInfra
@SpringBootTest(properties = "stablerail.ledger.hold-expiry.interval=1h")
class BooksIT {

    @Autowired Books books;
    @Autowired JdbcTemplate jdbc;
    @Autowired HoldExpiryJob expiryJob;

    static AccountRef available(String merchant) {
        return AccountRef.merchantAvailable(merchant, Currency.USDT);
    }

    static AccountRef held(String merchant) {
        return AccountRef.merchantHeld(merchant, Currency.USDT);
    }

    static final AccountRef DEPOSIT_WALLET = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TDeposit1");
    static final AccountRef HOT_WALLET = AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "THot1");

    PostedEntry deposit(String merchant, String key, long amount) {
        return books.post(new EntryRequest(key, "DEPOSIT", Instant.now(), null, Map.of(), List.of(
                PostingLine.debit(DEPOSIT_WALLET, BigInteger.valueOf(amount)),
                PostingLine.credit(available(merchant), BigInteger.valueOf(amount)))));
    }

    MerchantBalance usdt(String merchant) {
        return books.merchantBalances(merchant, null).stream().filter(b -> b.currency() == Currency.USDT)
                .findFirst().orElseThrow();
    }

    @Test
    void anEntryUpdatesBalancesAndTheSameKeyReplaysWithoutWritingAgain() {
        PostedEntry first = deposit("m-replay", "dep-1", 1_000_000);
        PostedEntry again = deposit("m-replay", "dep-1", 1_000_000);

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.entryId()).isEqualTo(first.entryId());
        assertThat(usdt("m-replay").available()).isEqualTo(BigInteger.valueOf(1_000_000));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key = 'dep-1'",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'entry.posted' "
                + "AND payload LIKE '%dep-1%'", Integer.class)).as("one EntryPosted event").isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherContentIsRefusedAndChangesNothing() {
        deposit("m-conflict", "dep-2", 500);

        assertThatThrownBy(() -> deposit("m-conflict", "dep-2", 501))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
        assertThat(usdt("m-conflict").available()).isEqualTo(BigInteger.valueOf(500));
    }

    @Test
    void aMerchantBalanceCannotGoNegativeAndTheRefusedEntryLeavesNoTrace() {
        deposit("m-neg", "dep-3", 100);

        assertThatThrownBy(() -> books.post(new EntryRequest("spend-3", "ADJUSTMENT", Instant.now(), null, null,
                List.of(PostingLine.debit(available("m-neg"), BigInteger.valueOf(101)),
                        PostingLine.credit(AccountRef.platform(AccountKind.SUSPENSE, Currency.USDT),
                                BigInteger.valueOf(101))))))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("insufficient_funds"));
        assertThat(usdt("m-neg").available()).isEqualTo(BigInteger.valueOf(100));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key = 'spend-3'",
                Integer.class)).isZero();
    }

    @Test
    void theDatabaseItselfRejectsUpdatesDeletesUnbalancedEntriesAndNegativeBalances() {
        deposit("m-db", "dep-4", 100);
        long entryId = jdbc.queryForObject("SELECT id FROM journal_entry WHERE idempotency_key = 'dep-4'", Long.class);

        assertThatThrownBy(() -> jdbc.update("UPDATE journal_entry SET reference = 'x' WHERE id = ?", entryId))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM posting WHERE entry_id = ?", entryId))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE posting SET amount = amount * 2 WHERE entry_id = ?", entryId))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE posting CASCADE")).rootCause().hasMessageContaining("append-only");
        long account = jdbc.queryForObject("SELECT id FROM account WHERE code = ?", Long.class,
                available("m-db").code());
        assertThatThrownBy(() -> jdbc.update("UPDATE account_balance SET balance = -1 WHERE account_id = ?", account))
                .rootCause().hasMessageContaining("balance_not_negative");
        // an unbalanced entry written by hand fails at commit (autocommit: at the statement)
        assertThatThrownBy(() -> jdbc.execute("""
                WITH e AS (INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at)
                           VALUES (gen_random_uuid(), 'raw-1', 'h', 'RAW', now()) RETURNING id)
                INSERT INTO posting (entry_id, account_id, currency, amount)
                SELECT e.id, %d, 'USDT', 5 FROM e UNION ALL SELECT e.id, %d, 'USDT', -4 FROM e"""
                .formatted(account, account)))
                .rootCause().hasMessageContaining("does not balance");
        // an entry's postings must come in one statement: a lone posting is refused at once
        assertThatThrownBy(() -> jdbc.execute("""
                WITH e AS (INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at)
                           VALUES (gen_random_uuid(), 'raw-3', 'h', 'RAW', now()) RETURNING id)
                INSERT INTO posting (entry_id, account_id, currency, amount) SELECT e.id, %d, 'USDT', 5 FROM e"""
                .formatted(account)))
                .rootCause().hasMessageContaining("at least 2 are required");
        // a posting in another currency than its account's
        assertThatThrownBy(() -> jdbc.execute("""
                WITH e AS (INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at)
                           VALUES (gen_random_uuid(), 'raw-2', 'h', 'RAW', now()) RETURNING id)
                INSERT INTO posting (entry_id, account_id, currency, amount)
                SELECT e.id, %d, 'USDC', 5 FROM e UNION ALL SELECT e.id, %d, 'USDC', -5 FROM e"""
                .formatted(account, account)))
                .rootCause().hasMessageContaining("foreign key");
        // an entry without postings, and postings of an entry that does not exist
        assertThatThrownBy(() -> jdbc.execute("""
                INSERT INTO journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at)
                VALUES (gen_random_uuid(), 'raw-4', 'h', 'RAW', now())"""))
                .rootCause().hasMessageContaining("have no postings");
        assertThatThrownBy(() -> jdbc.execute("""
                INSERT INTO posting (entry_id, account_id, currency, amount)
                VALUES (987654321, %d, 'USDT', 5), (987654321, %d, 'USDT', -5)""".formatted(account, account)))
                .rootCause().hasMessageContaining("no journal entry with id 987654321");
        // an entry extended by a later statement must still balance: an unbalanced extension is refused
        assertThatThrownBy(() -> jdbc.execute("""
                INSERT INTO posting (entry_id, account_id, currency, amount) VALUES (%d, %d, 'USDT', 7)"""
                .formatted(entryId, account)))
                .rootCause().hasMessageContaining("does not balance");
        // accounts the books refer to are never deleted or re-keyed
        assertThatThrownBy(() -> jdbc.update("DELETE FROM account WHERE id = ?", account))
                .rootCause().hasMessageContaining("referenced by the books");
        assertThatThrownBy(() -> jdbc.update("UPDATE account SET currency = 'USDC' WHERE id = ?", account))
                .rootCause().hasMessageContaining("referenced by the books");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key LIKE 'raw-%'",
                Integer.class)).isZero();
    }

    @Test
    void holdReservePartialPostAndRelease() {
        deposit("m-hold", "dep-5", 1_000);
        books.post(new EntryRequest("sweep-5", "SWEEP", Instant.now(), null, null, List.of(
                PostingLine.debit(HOT_WALLET, BigInteger.valueOf(1_000)),
                PostingLine.credit(DEPOSIT_WALLET, BigInteger.valueOf(1_000)))));
        UUID holdId = UUID.randomUUID();

        Hold hold = books.reserve(new HoldRequest(holdId, "m-hold", Currency.USDT, BigInteger.valueOf(600), null, "w-1"));
        assertThat(hold.status()).isEqualTo(HoldStatus.PENDING);
        assertThat(usdt("m-hold")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(400),
                BigInteger.valueOf(600)));

        Hold posted = books.post(holdId, BigInteger.valueOf(550), HOT_WALLET);

        assertThat(posted.status()).isEqualTo(HoldStatus.POSTED);
        assertThat(posted.postedAmount()).isEqualTo(BigInteger.valueOf(550));
        assertThat(usdt("m-hold")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(450),
                BigInteger.ZERO));
        // posting again with the same arguments is a replay; voiding now is refused
        assertThat(books.post(holdId, BigInteger.valueOf(550), HOT_WALLET).status()).isEqualTo(HoldStatus.POSTED);
        assertThatThrownBy(() -> books.voidHold(holdId)).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo("hold_already_resolved"));
        assertThatThrownBy(() -> jdbc.update("UPDATE hold SET status = 'VOIDED' WHERE id = ?", holdId))
                .rootCause().hasMessageContaining("already POSTED");
        assertThat(usdt("m-hold").available()).isEqualTo(BigInteger.valueOf(450));
    }

    @Test
    void anInsufficientReserveCreatesNoHoldAndTheSameReserveTwiceIsOneHold() {
        deposit("m-hold2", "dep-6", 100);
        UUID tooBig = UUID.randomUUID();

        assertThatThrownBy(() -> books.reserve(new HoldRequest(tooBig, "m-hold2", Currency.USDT,
                BigInteger.valueOf(101), null, null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("insufficient_funds"));
        assertThat(books.hold(tooBig)).isEmpty();

        UUID holdId = UUID.randomUUID();
        HoldRequest request = new HoldRequest(holdId, "m-hold2", Currency.USDT, BigInteger.valueOf(60), null, null);
        books.reserve(request);
        books.reserve(request);
        assertThat(usdt("m-hold2")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(40),
                BigInteger.valueOf(60)));
        assertThatThrownBy(() -> books.reserve(new HoldRequest(holdId, "m-hold2", Currency.USDT,
                BigInteger.valueOf(61), null, null)))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));

        books.voidHold(holdId);
        books.voidHold(holdId);
        assertThat(usdt("m-hold2")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(100),
                BigInteger.ZERO));
    }

    @Test
    void overdueHoldsAreExpiredByTheBoundedJob() {
        deposit("m-exp", "dep-7", 100);
        UUID overdue = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        books.reserve(new HoldRequest(overdue, "m-exp", Currency.USDT, BigInteger.valueOf(30),
                Instant.now().minusSeconds(1), null));
        books.reserve(new HoldRequest(later, "m-exp", Currency.USDT, BigInteger.valueOf(20),
                Instant.now().plusSeconds(3_600), null));

        int expired = expiryJob.runOnce();

        assertThat(expired).isGreaterThanOrEqualTo(1);
        assertThat(books.hold(overdue).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
        assertThat(books.hold(later).orElseThrow().status()).isEqualTo(HoldStatus.PENDING);
        assertThat(usdt("m-exp")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(80),
                BigInteger.valueOf(20)));
    }

    @Test
    void balancesAsOfAPastInstantAndPlatformWalletBalances() throws Exception {
        deposit("m-asof", "dep-8", 100);
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        deposit("m-asof", "dep-9", 50);

        MerchantBalance then = books.merchantBalances("m-asof", between).stream()
                .filter(b -> b.currency() == Currency.USDT).findFirst().orElseThrow();
        assertThat(then.available()).isEqualTo(BigInteger.valueOf(100));
        assertThat(usdt("m-asof").total()).isEqualTo(BigInteger.valueOf(150));
        assertThat(books.platformWalletBalances()).anySatisfy(b -> {
            assertThat(b.account()).isEqualTo(DEPOSIT_WALLET);
            assertThat(b.balance()).isPositive();
        });
    }
}
