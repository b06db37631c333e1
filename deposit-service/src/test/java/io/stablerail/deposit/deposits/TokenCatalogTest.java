package io.stablerail.deposit.deposits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.registry.TokenSpec;
import org.junit.jupiter.api.Test;

class TokenCatalogTest {

    static final String DEVNET_USDT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    final TokenCatalog catalog = new TokenCatalog(
            Map.of("evm-devnet", List.of(new TokenSpec("USDT", DEVNET_USDT, 6, "devnet"))),
            Map.of("USDT", new BigDecimal("1.5"), "USDC", new BigDecimal("0.0000001")));

    @Test
    void matchesByContractInAnyCaseNeverBySymbol() {
        assertThat(catalog.token("ethereum", "0xdac17f958d2ee523a2206206994597c13d831ec7"))
                .hasValueSatisfying(token -> assertThat(token.symbol()).isEqualTo("USDT"));
        assertThat(catalog.token("evm-devnet", DEVNET_USDT.toLowerCase())).isPresent();
        assertThat(catalog.token("base", "0xdAC17F958D2ee523a2206206994597C13D831ec7"))
                .as("Ethereum's USDT contract is not a token on Base").isEmpty();
        assertThat(catalog.token("ethereum", "USDT")).isEmpty();
        assertThat(catalog.token("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")).isPresent();
    }

    @Test
    void minimumsAreConvertedToBaseUnitsRoundingUp() {
        TokenSpec usdt = catalog.token("ethereum", "0xdAC17F958D2ee523a2206206994597C13D831ec7").orElseThrow();
        TokenSpec usdc = catalog.token("base", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913").orElseThrow();
        assertThat(catalog.minimumBaseUnits(usdt)).isEqualTo(BigInteger.valueOf(1_500_000));
        assertThat(catalog.minimumBaseUnits(usdc)).as("0.0000001 USDC rounds up to 1 base unit")
                .isEqualTo(BigInteger.ONE);
    }

    @Test
    void refusesOverridingAShippedContract() {
        assertThatThrownBy(() -> new TokenCatalog(Map.of("ethereum", List.of(new TokenSpec("USDT", DEVNET_USDT, 6,
                "devnet"))), Map.of())).hasMessageContaining("not overridden");
    }
}
