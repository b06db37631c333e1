package io.stablerail.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.stablerail.chain.address.TronAddress;
import org.junit.jupiter.api.Test;

class ChainRegistryTest {

    static final Endpoint ALCHEMY = new Endpoint("alchemy", "https://eth-mainnet.example/v2/SECRET-KEY", null);
    static final Endpoint TRONGRID = new Endpoint("trongrid", "grpc.trongrid.io:50051", "grpc.trongrid.io:50052");

    @Test
    void everyMainnetHasItsIssuerCheckedTokensAtSixDecimals() {
        Map<String, List<String>> expected = Map.of(
                "tron", List.of("USDT"), "ethereum", List.of("USDC", "USDT"), "arbitrum", List.of("USDC"),
                "optimism", List.of("USDC"), "base", List.of("USDC"), "polygon", List.of("USDC"));
        expected.forEach((chain, symbols) -> {
            ChainSpec spec = ChainRegistry.knownChain(chain);
            assertThat(spec.network()).isEqualTo(Network.MAINNET);
            assertThat(spec.tokens().keySet()).as(chain).containsExactlyInAnyOrderElementsOf(symbols);
            spec.tokens().values().forEach(token -> {
                assertThat(token.decimals()).isEqualTo(6);
                assertThat(token.source()).startsWith("https://");
            });
        });
        assertThat(ChainRegistry.known()).filteredOn(chain -> chain.network() == Network.MAINNET)
                .extracting(ChainSpec::name).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    /** TRON USDT's base58 form and its 0x41 hex form (as TronScan shows the contract) are the same contract. */
    @Test
    void tronUsdtIsTheWellKnownContract() {
        TokenSpec usdt = ChainRegistry.knownChain("tron").token("USDT");
        assertThat(TronAddress.parse(usdt.contract()).hex()).isEqualTo("41a614f803b6fd780986a42c78ec9c7f77e6ded13c");
    }

    @Test
    void chainIdsAndRulesPerFamily() {
        assertThat(ChainRegistry.knownChain("ethereum").chainId()).isEqualTo(1);
        assertThat(ChainRegistry.knownChain("arbitrum").chainId()).isEqualTo(42161);
        assertThat(ChainRegistry.knownChain("optimism").chainId()).isEqualTo(10);
        assertThat(ChainRegistry.knownChain("base").chainId()).isEqualTo(8453);
        assertThat(ChainRegistry.knownChain("polygon").chainId()).isEqualTo(137);
        assertThat(ChainRegistry.knownChain("tron").finality()).isInstanceOf(FinalityRule.TronSolidified.class);
        assertThat(ChainRegistry.knownChain("ethereum").finality()).isInstanceOf(FinalityRule.FinalizedTag.class);
        assertThat(ChainRegistry.knownChain("evm-devnet").finality())
                .as("Hardhat's finalized tag equals latest; the devnet needs a depth").isEqualTo(new FinalityRule.Depth(3));
    }

    @Test
    void unknownChainsAndTokensFailWithTheKnownNames() {
        assertThatThrownBy(() -> ChainRegistry.of(Map.of("etherium", List.of(ALCHEMY))))
                .isInstanceOf(RegistryException.class).hasMessageContaining("unknown chain 'etherium'")
                .hasMessageContaining("ethereum");
        ChainRegistry registry = ChainRegistry.of(Map.of("ethereum", List.of(ALCHEMY)));
        assertThatThrownBy(() -> registry.token("ethereum", "DAI")).isInstanceOf(RegistryException.class)
                .hasMessage("chain ethereum has no token DAI; it has [USDC, USDT]");
        assertThatThrownBy(() -> registry.chain("base")).hasMessageContaining("not enabled");
        assertThat(registry.token("ethereum", "USDT").contract()).isEqualTo("0xdAC17F958D2ee523a2206206994597C13D831ec7");
    }

    @Test
    void enabledChainsNeedUsableEndpointsForTheirFamily() {
        assertThatThrownBy(() -> ChainRegistry.of(Map.of("ethereum", List.of())))
                .hasMessage("chain ethereum is enabled but has no endpoints");
        assertThatThrownBy(() -> ChainRegistry.of(Map.of("tron", List.of(new Endpoint("a", "grpc.trongrid.io:50051",
                null))))).isInstanceOf(RegistryException.class).hasMessageContaining("solidity node");
        assertThatThrownBy(() -> ChainRegistry.of(Map.of("ethereum", List.of(TRONGRID))))
                .hasMessageContaining("http(s) JSON-RPC URL");
        assertThatThrownBy(() -> ChainRegistry.of(Map.of("ethereum", List.of(ALCHEMY, ALCHEMY))))
                .hasMessageContaining("unique");
        assertThatThrownBy(() -> ChainRegistry.of(Map.of())).hasMessage("no chain is enabled");

        ChainRegistry registry = ChainRegistry.of(Map.of("tron", List.of(TRONGRID), "ethereum", List.of(ALCHEMY)));
        assertThat(registry.chain("tron").endpoints()).containsExactly(TRONGRID);
        assertThat(ALCHEMY.toString()).as("provider keys stay out of logs").doesNotContain("SECRET");
    }

    @Test
    void devnetTokensAreAddedAndShippedContractsAreNeverOverridden() {
        ChainRegistry registry = ChainRegistry.of(Map.of(
                "evm-devnet", List.of(new Endpoint("hardhat", "http://127.0.0.1:8545", null)),
                "ethereum", List.of(ALCHEMY)))
                .withToken("evm-devnet", new TokenSpec("USDT", "0x5FbDB2315678afecb367f032d93F642f64180aa3", 6, "devnet"));

        assertThat(registry.token("evm-devnet", "USDT").decimals()).isEqualTo(6);
        assertThatThrownBy(() -> registry.withToken("ethereum", new TokenSpec("USDT",
                "0x5FbDB2315678afecb367f032d93F642f64180aa3", 6, "devnet")))
                .hasMessageContaining("shipped contracts are not overridden");
        assertThatThrownBy(() -> registry.withToken("evm-devnet", new TokenSpec("USDC",
                "0x5fbdb2315678afecb367f032d93f642f64180aa3", 6, "devnet")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("canonical form");
        assertThatThrownBy(() -> registry.withToken("evm-devnet", new TokenSpec("USDC",
                "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 6, "devnet"))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("evm-devnet");
    }
}
