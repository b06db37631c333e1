package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Validation and exact unit conversion of a request, without I/O. */
class ChainCatalogTest {

    static final String HOT = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    static final String TO = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55 specification test vector

    static WithdrawalProperties properties(List<WithdrawalProperties.ExtraToken> extra) {
        return new WithdrawalProperties(Map.of("ethereum", HOT), extra, Map.of(),
                new WithdrawalProperties.Policy(BigInteger.TEN, BigInteger.TEN, BigInteger.ONE, BigInteger.TWO,
                        java.time.Duration.ZERO, Map.of()),
                new WithdrawalProperties.Intake(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 1),
                new WithdrawalProperties.Broadcast(false, java.time.Duration.ofSeconds(1), 1,
                        java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2), java.time.Duration.ofSeconds(1),
                        1, 10, java.time.Duration.ofSeconds(1), 10, Map.of()));
    }

    final ChainCatalog catalog = new ChainCatalog(properties(List.of()));

    ValidatedRequest validate(String asset, String to, String amount) {
        return catalog.validate(new WithdrawalRequest("m", "k", "ethereum", asset, to, amount, null, "merchant:m"));
    }

    static String code(Runnable call) {
        try {
            call.run();
            return "accepted";
        } catch (WithdrawalException e) {
            return e.code();
        }
    }

    @Test
    void decimalStringsBecomeExactBaseAndMinorUnits() {
        ValidatedRequest request = validate("USDT", TO, "12.500000");
        assertThat(request.amountBase()).isEqualTo(12_500_000);
        assertThat(request.amountMinor()).isEqualTo(12_500_000);
        assertThat(ChainCatalog.baseUnits("0.1", 18)).isEqualTo(new BigInteger("100000000000000000"));
        assertThat(ChainCatalog.baseUnits("123456789012345678901234567890", 6))
                .isEqualTo(new BigInteger("123456789012345678901234567890000000"));
    }

    @Test
    void amountsThatAreNotExactPositiveDecimalsAreRefused() {
        for (String amount : List.of("0", "0.000000", "-1", "1.0000001", "1e6", "1,5", " 1", "1.", ".5", "NaN",
                "0x10", "1".repeat(31))) {
            assertThat(code(() -> validate("USDT", TO, amount))).as(amount).isEqualTo("invalid_amount");
        }
    }

    @Test
    void aTokenWithMoreDecimalsThanTheLedgerMustNotLoseDigits() {
        ChainCatalog eighteen = new ChainCatalog(properties(List.of(new WithdrawalProperties.ExtraToken("ethereum",
                "DAI", "0x6B175474E89094C44Da98b954EedeAC495271d0F", 18, "test"))));
        assertThat(eighteen.validate(new WithdrawalRequest("m", "k", "ethereum", "DAI", TO, "1.000001", null, "m"))
                .amountMinor()).isEqualTo(1_000_001);
        assertThat(code(() -> eighteen.validate(new WithdrawalRequest("m", "k", "ethereum", "DAI", TO,
                "1.0000001", null, "m")))).isEqualTo("invalid_amount");
    }

    @Test
    void addressesAreCheckedAndStoredCanonically() {
        assertThat(validate("USDT", TO.toLowerCase(java.util.Locale.ROOT), "1").toAddress()).isEqualTo(TO);
        assertThat(code(() -> validate("USDT", TO.replace("aAeb", "aaeb"), "1"))).isEqualTo("invalid_address");
        assertThat(code(() -> validate("USDT", "0x1234", "1"))).isEqualTo("invalid_address");
        assertThat(code(() -> validate("USDT", HOT, "1"))).isEqualTo("invalid_address");
        assertThat(code(() -> validate("DOGE", TO, "1"))).isEqualTo("unsupported_asset");
        assertThat(code(() -> catalog.validate(new WithdrawalRequest("m", "k", "polygon", "USDC", TO, "1", null,
                "m")))).isEqualTo("unsupported_chain");
    }

    @Test
    void theFingerprintCoversWhatIsPaidAndNothingElse() {
        ValidatedRequest a = validate("USDT", TO, "1.5");
        assertThat(validate("USDT", TO.toLowerCase(java.util.Locale.ROOT), "1.500").fingerprint())
                .isEqualTo(a.fingerprint());
        assertThat(validate("USDT", TO, "1.500001").fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(validate("USDC", TO, "1.5").fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void aMalformedHotWalletOrAChargedFeePolicyFailsAtStartup() {
        assertThatThrownBy(() -> new ChainCatalog(new WithdrawalProperties(Map.of("ethereum", "0xnope"), List.of(),
                Map.of(), properties(List.of()).policy(), properties(List.of()).intake(),
                properties(List.of()).broadcast()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WithdrawalProperties.FeePolicy(WithdrawalProperties.FeeMode.CHARGED, null))
                .hasMessageContaining("charge-minor");
        assertThatThrownBy(() -> new WithdrawalProperties.FeePolicy(WithdrawalProperties.FeeMode.CHARGED,
                java.math.BigInteger.ZERO)).hasMessageContaining("charge-minor");
        assertThatThrownBy(() -> new WithdrawalProperties.FeePolicy(WithdrawalProperties.FeeMode.ABSORBED,
                java.math.BigInteger.ONE)).hasMessageContaining("charge-minor");
        assertThat(new WithdrawalProperties.FeePolicy(WithdrawalProperties.FeeMode.CHARGED,
                java.math.BigInteger.valueOf(1_500_000)).charge()).isEqualTo(1_500_000);
    }
}
