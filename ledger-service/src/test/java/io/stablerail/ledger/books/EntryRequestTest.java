package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EntryRequestTest {

    static final AccountRef ALICE = AccountRef.merchantAvailable("alice", Currency.USDT);
    static final AccountRef WALLET = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TXyzWallet1");

    static EntryRequest deposit(String key, long amount) {
        return new EntryRequest(key, "DEPOSIT", Instant.parse("2026-11-21T00:00:00Z"), "ref", Map.of(),
                List.of(PostingLine.debit(WALLET, BigInteger.valueOf(amount)),
                        PostingLine.credit(ALICE, BigInteger.valueOf(amount))));
    }

    @Test
    void anEntryMustBalancePerCurrencyAndHaveTwoPostings() {
        assertThatThrownBy(() -> new EntryRequest("k", "DEPOSIT", Instant.now(), null, null,
                List.of(PostingLine.credit(ALICE, BigInteger.TEN), PostingLine.debit(WALLET, BigInteger.ONE))))
                .isInstanceOf(LedgerException.class).hasMessageContaining("sum to 9")
                .extracting(e -> ((LedgerException) e).code()).isEqualTo("unbalanced_entry");
        assertThatThrownBy(() -> new EntryRequest("k", "DEPOSIT", Instant.now(), null, null,
                List.of(PostingLine.credit(ALICE, BigInteger.TEN))))
                .isInstanceOf(LedgerException.class).hasMessageContaining("2 to 100 postings");
        AccountRef usdc = AccountRef.merchantAvailable("alice", Currency.USDC);
        assertThatThrownBy(() -> new EntryRequest("k", "DEPOSIT", Instant.now(), null, null,
                List.of(PostingLine.credit(usdc, BigInteger.TEN), PostingLine.debit(WALLET, BigInteger.TEN))))
                .hasMessageContaining("sum to");
    }

    @Test
    void zeroAmountsAndBadAccountsAreRefused() {
        assertThatThrownBy(() -> PostingLine.credit(ALICE, BigInteger.ZERO)).hasMessageContaining("zero");
        assertThatThrownBy(() -> AccountRef.merchantAvailable("alice", Currency.TRX))
                .hasMessageContaining("USDT or USDC");
        assertThatThrownBy(() -> AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "tron", null, "w"))
                .hasMessageContaining("token");
        assertThatThrownBy(() -> AccountRef.merchantAvailable("al ice", Currency.USDT))
                .hasMessageContaining("merchant id");
    }

    @Test
    void accountCodesAreStableNaturalKeys() {
        assertThat(ALICE.code()).isEqualTo("merchant:alice:MERCHANT_AVAILABLE:USDT");
        assertThat(WALLET.code()).isEqualTo("platform:DEPOSIT_WALLET:USDT:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t:TXyzWallet1");
        assertThat(AccountRef.platform(AccountKind.NETWORK_FEE_EXPENSE, Currency.TRX).code())
                .isEqualTo("platform:NETWORK_FEE_EXPENSE:TRX");
    }

    @Test
    void chainFactKeyIsSha256OfTheFactAndIgnoresHashCase() {
        // sha256("1|0xabc|3|DEPOSIT"), computed independently with: printf '1|0xabc|3|DEPOSIT' | sha256sum
        assertThat(LedgerKeys.chainFact("1", "0xABC", 3, "DEPOSIT"))
                .isEqualTo(LedgerKeys.chainFact("1", "0xabc", 3, "DEPOSIT"))
                .isEqualTo("b012dcd29babb98cc669d53b2220e00b017f3d77666f22041f280cb9373b9f50");
    }

    @Property(tries = 200)
    void fingerprintIsTheSameForTheSameContentAndDiffersForAnyOtherAmount(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amount,
            @ForAll @LongRange(min = 1, max = 1_000) long delta) {
        assertThat(deposit("k", amount).fingerprint()).isEqualTo(deposit("k", amount).fingerprint());
        assertThat(deposit("k", amount).fingerprint()).isNotEqualTo(deposit("k", amount + delta).fingerprint());
    }
}
