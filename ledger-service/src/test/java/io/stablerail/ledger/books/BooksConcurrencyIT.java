package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 16 writers on one merchant account and one platform account at once, money flowing both ways, some withdrawals
 * overdrawing on purpose. At the end: balances equal the sum of postings and the sum of the accepted operations (no
 * lost update), nothing is negative, and no writer saw anything but success or insufficient_funds (no deadlock).
 */
@EmbeddedInfra
@SpringBootTest(properties = "spring.datasource.hikari.maximum-pool-size=20")
class BooksConcurrencyIT {

    static final int WRITERS = 16;
    static final int OPERATIONS_PER_WRITER = 60;
    static final long OVERDRAW = 1_000L * WRITERS * OPERATIONS_PER_WRITER + 1;
    static final AccountRef MERCHANT = AccountRef.merchantAvailable("m-concurrent", Currency.USDT);
    static final AccountRef HOT = AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "ethereum",
            "0xdac17f958d2ee523a2206206994597c13d831ec7", "0xHotConcurrent");

    @Autowired Books books;
    @Autowired JdbcTemplate jdbc;

    @Test
    void sixteenWritersOnOneMerchantAndOnePlatformAccount() throws Exception {
        AtomicLong expectedMerchant = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPERATIONS_PER_WRITER; i++) {
                        // every tenth operation overdraws on purpose: more than all deposits together could hold
                        boolean overdraw = i % 10 == 9;
                        long amount = overdraw ? OVERDRAW : ThreadLocalRandom.current().nextLong(1, 1_000);
                        boolean deposit = !overdraw && ThreadLocalRandom.current().nextInt(100) < 55;
                        try {
                            books.post(entry("w" + writer + "-" + i, deposit, amount));
                            expectedMerchant.addAndGet(deposit ? amount : -amount);
                        } catch (LedgerException e) {
                            if (!"insufficient_funds".equals(e.code())) {
                                unexpected.add(e);
                            }
                            refused.incrementAndGet();
                        } catch (RuntimeException e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        assertThat(unexpected).as("no deadlock or other failure").isEmpty();
        BigInteger merchant = balance(MERCHANT);
        BigInteger hot = balance(HOT);
        assertThat(merchant).as("no lost update").isEqualTo(BigInteger.valueOf(expectedMerchant.get()));
        assertThat(merchant).isEqualTo(sumOfPostings(MERCHANT));
        assertThat(hot).isEqualTo(sumOfPostings(HOT));
        assertThat(merchant.signum()).isGreaterThanOrEqualTo(0);
        assertThat(hot.signum()).isGreaterThanOrEqualTo(0);
        assertThat(merchant).as("both sides of every entry").isEqualTo(hot);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key LIKE 'w%'",
                Long.class)).isEqualTo((long) WRITERS * OPERATIONS_PER_WRITER - refused.get());
        assertThat(refused.get()).as("every deliberate overdraw was refused")
                .isGreaterThanOrEqualTo((long) WRITERS * (OPERATIONS_PER_WRITER / 10));
    }

    /** A deposit into the hot wallet credits the merchant; a payout debits the merchant and the hot wallet. */
    static EntryRequest entry(String key, boolean deposit, long amount) {
        BigInteger value = BigInteger.valueOf(amount);
        List<PostingLine> lines = deposit
                ? List.of(PostingLine.debit(HOT, value), PostingLine.credit(MERCHANT, value))
                : List.of(PostingLine.debit(MERCHANT, value), PostingLine.credit(HOT, value));
        return new EntryRequest(key, deposit ? "DEPOSIT" : "PAYOUT", Instant.now(), null, null, lines);
    }

    BigInteger balance(AccountRef account) {
        return jdbc.queryForObject("SELECT b.balance FROM account_balance b JOIN account a ON a.id = b.account_id "
                + "WHERE a.code = ?", BigDecimal.class, account.code()).toBigIntegerExact();
    }

    BigInteger sumOfPostings(AccountRef account) {
        BigInteger sum = jdbc.queryForObject("SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN account a "
                + "ON a.id = p.account_id WHERE a.code = ?", BigDecimal.class, account.code()).toBigIntegerExact();
        return sum.multiply(BigInteger.valueOf(account.kind().creditSign()));
    }
}
