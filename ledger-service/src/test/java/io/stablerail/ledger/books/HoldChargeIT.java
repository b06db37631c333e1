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

/**
 * A hold posted with a charge (withdrawal network-fee mode CHARGED) against real PostgreSQL: one entry puts the amount
 * on the platform destination and the charge on FEE_REVENUE, the rest back to available; at most once; bad charges are
 * refused and change nothing.
 */
@EmbeddedInfra
@SpringBootTest(properties = "stablerail.ledger.hold-expiry.interval=1h")
class HoldChargeIT {

    static final AccountRef DEPOSIT_WALLET = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TDepositCharge");
    static final AccountRef HOT_WALLET = AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "THotCharge");
    static final AccountRef FEE_REVENUE = AccountRef.platform(AccountKind.FEE_REVENUE, Currency.USDT);

    @Autowired Books books;
    @Autowired JdbcTemplate jdbc;

    UUID fundedHold(String merchant, long funds, long hold) {
        books.post(new EntryRequest("fund-" + merchant, "DEPOSIT", Instant.now(), null, Map.of(), List.of(
                PostingLine.debit(DEPOSIT_WALLET, BigInteger.valueOf(funds)),
                PostingLine.credit(AccountRef.merchantAvailable(merchant, Currency.USDT), BigInteger.valueOf(funds)))));
        // swept into the hot wallet, which the payout then leaves
        books.post(new EntryRequest("sweep-" + merchant, "SWEEP", Instant.now(), null, Map.of(), List.of(
                PostingLine.debit(HOT_WALLET, BigInteger.valueOf(funds)),
                PostingLine.credit(DEPOSIT_WALLET, BigInteger.valueOf(funds)))));
        UUID holdId = UUID.randomUUID();
        books.reserve(new HoldRequest(holdId, merchant, Currency.USDT, BigInteger.valueOf(hold), null, "w"));
        return holdId;
    }

    BigInteger balance(AccountRef account) {
        return jdbc.queryForList("SELECT b.balance FROM account_balance b JOIN account a ON a.id = b.account_id "
                + "WHERE a.code = ?", java.math.BigDecimal.class, account.code()).stream().findFirst()
                .map(java.math.BigDecimal::toBigIntegerExact).orElse(BigInteger.ZERO);
    }

    MerchantBalance usdt(String merchant) {
        return books.merchantBalances(merchant, null).stream().filter(b -> b.currency() == Currency.USDT)
                .findFirst().orElseThrow();
    }

    @Test
    void theAmountGoesToTheDestinationAndTheChargeToFeeRevenueInOneEntryOnce() {
        UUID holdId = fundedHold("m-charge", 10_000_000, 9_600_000);
        BigInteger revenueBefore = balance(FEE_REVENUE);
        BigInteger hotBefore = balance(HOT_WALLET); // balances are kept on each account's normal side

        Hold posted = books.postWithCharge(holdId, BigInteger.valueOf(8_000_000), HOT_WALLET,
                BigInteger.valueOf(1_500_000), FEE_REVENUE);
        Hold again = books.postWithCharge(holdId, BigInteger.valueOf(8_000_000), HOT_WALLET,
                BigInteger.valueOf(1_500_000), FEE_REVENUE);

        assertThat(posted.status()).isEqualTo(HoldStatus.POSTED);
        assertThat(posted.postedAmount()).isEqualTo(9_500_000);
        assertThat(again.postedAmount()).isEqualTo(9_500_000);
        assertThat(balance(FEE_REVENUE).subtract(revenueBefore)).isEqualTo(1_500_000);
        assertThat(hotBefore.subtract(balance(HOT_WALLET))).as("8.0 left the hot wallet").isEqualTo(8_000_000);
        // 10.0 funded, 9.6 held: 8.0 paid out, 1.5 charged, 0.1 back to available with the 0.4 never held
        assertThat(usdt("m-charge")).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(500_000),
                BigInteger.ZERO));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM posting fee JOIN posting hot ON hot.entry_id = "
                + "fee.entry_id WHERE fee.account_id = (SELECT id FROM account WHERE code = ?) AND hot.account_id = "
                + "(SELECT id FROM account WHERE code = ?) AND hot.amount > 0", Integer.class, FEE_REVENUE.code(),
                HOT_WALLET.code())).as("the amount and the charge in one entry, once").isEqualTo(1);
    }

    @Test
    void aChargeThatDoesNotFitOrDoesNotGoToFeeRevenueIsRefusedAndChangesNothing() {
        UUID holdId = fundedHold("m-charge-bad", 10_000_000, 9_000_000);
        BigInteger revenueBefore = balance(FEE_REVENUE);

        assertThatThrownBy(() -> books.postWithCharge(holdId, BigInteger.valueOf(8_000_000), HOT_WALLET,
                BigInteger.valueOf(1_500_000), FEE_REVENUE))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("invalid_request"));
        assertThatThrownBy(() -> books.postWithCharge(holdId, BigInteger.valueOf(8_000_000), HOT_WALLET,
                BigInteger.valueOf(500_000), AccountRef.platform(AccountKind.SUSPENSE, Currency.USDT)))
                .isInstanceOf(LedgerException.class);
        assertThatThrownBy(() -> books.postWithCharge(holdId, BigInteger.valueOf(8_000_000), HOT_WALLET,
                BigInteger.ZERO, FEE_REVENUE)).isInstanceOf(LedgerException.class);

        assertThat(books.hold(holdId).orElseThrow().status()).isEqualTo(HoldStatus.PENDING);
        assertThat(balance(FEE_REVENUE)).isEqualTo(revenueBefore);
        assertThat(usdt("m-charge-bad").held()).isEqualTo(9_000_000);
    }
}
