package io.stablerail.chain.registry;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The chains StableRail ships with. Endpoints are deliberately absent (they are deployment configuration, and
 * provider URLs carry API keys), except for the devnets, whose endpoints the local stack passes in too.
 *
 * <h2>Token contracts and where each was checked</h2>
 * <ul>
 *   <li>USDT (Tether) — the issuer's list, https://tether.to/en/supported-protocols/ : Ethereum
 *       0xdAC17F958D2ee523a2206206994597C13D831ec7 and TRON TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, 6 decimals on both.
 *       USDT on Arbitrum, Optimism and Polygon is not issued by Tether on those chains (bridged tokens, since 2025
 *       partly migrated to the USDT0 OFT) and Base has no Tether-issued USDT, so none of those ship here. An
 *       operator who has checked one can add it through configuration ({@link ChainRegistry#withToken}).</li>
 *   <li>USDC (Circle) — the issuer's list, https://developers.circle.com/stablecoins/usdc-contract-addresses :
 *       Ethereum 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, Arbitrum 0xaf88d065e77c8cC2239327C5EDb3A432268e5831,
 *       OP Mainnet 0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85, Base 0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913,
 *       Polygon PoS 0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359 (the native USDC, not bridged USDC.e), 6 decimals.
 *       Circle no longer issues USDC on TRON (discontinued in 2024), so TRON has USDT only. Testnet USDC from the
 *       same page's testnet table: Sepolia 0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238, Arbitrum Sepolia
 *       0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d, OP Sepolia 0x5fd84259d66Cd46123540766Be93DFE6D43130D7, Base
 *       Sepolia 0x036CbD53842c5426634e7929541eC2318f3dCF7e, Polygon Amoy 0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582.</li>
 *   <li>Nile USDT TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf: the Nile faucet token used by java-tron's own system tests
 *       (no issuer list exists for testnet USDT; it has no value). Shasta has no maintained USDT.</li>
 * </ul>
 */
final class KnownChains {

    static final String TETHER = "https://tether.to/en/supported-protocols/";
    static final String CIRCLE = "https://developers.circle.com/stablecoins/usdc-contract-addresses";
    static final BigInteger GWEI = BigInteger.TEN.pow(9);
    static final BigInteger TRX = BigInteger.TEN.pow(6);

    private KnownChains() {
    }

    static List<ChainSpec> all() {
        return List.of(
                tron("tron", Network.MAINNET, 728126428L,
                        Map.of("USDT", new TokenSpec("USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 6, TETHER))),
                tron("tron-nile", Network.TESTNET, 3448148188L,
                        Map.of("USDT", new TokenSpec("USDT", "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf", 6,
                                "java-tron system tests (Nile faucet token)"))),
                tron("tron-shasta", Network.TESTNET, 2494104990L, Map.of()),

                evm("ethereum", Network.MAINNET, 1, Duration.ofSeconds(12), 2_000, 300,
                        usdt("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
                        usdc("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")),
                evm("ethereum-sepolia", Network.TESTNET, 11155111, Duration.ofSeconds(12), 2_000, 300,
                        usdc("0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238")),
                evm("arbitrum", Network.MAINNET, 42161, Duration.ofMillis(250), 10_000, 10,
                        usdc("0xaf88d065e77c8cC2239327C5EDb3A432268e5831")),
                evm("arbitrum-sepolia", Network.TESTNET, 421614, Duration.ofMillis(250), 10_000, 10,
                        usdc("0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d")),
                evm("optimism", Network.MAINNET, 10, Duration.ofSeconds(2), 5_000, 10,
                        usdc("0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85")),
                evm("optimism-sepolia", Network.TESTNET, 11155420, Duration.ofSeconds(2), 5_000, 10,
                        usdc("0x5fd84259d66Cd46123540766Be93DFE6D43130D7")),
                evm("base", Network.MAINNET, 8453, Duration.ofSeconds(2), 5_000, 10,
                        usdc("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")),
                evm("base-sepolia", Network.TESTNET, 84532, Duration.ofSeconds(2), 5_000, 10,
                        usdc("0x036CbD53842c5426634e7929541eC2318f3dCF7e")),
                evm("polygon", Network.MAINNET, 137, Duration.ofSeconds(2), 2_000, 3_000,
                        usdc("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359")),
                evm("polygon-amoy", Network.TESTNET, 80002, Duration.ofSeconds(2), 2_000, 3_000,
                        usdc("0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582")),

                // Devnets: tokens are deployed by chain-devnet; their contracts are supplied at startup.
                new ChainSpec("evm-devnet", ChainFamily.EVM, Network.DEVNET, 31337, Map.of(),
                        new FinalityRule.Depth(3), FeeModel.EIP1559, GWEI.multiply(BigInteger.valueOf(1_000)),
                        Duration.ofSeconds(1), 1_000, List.of()),
                new ChainSpec("tron-devnet", ChainFamily.TRON, Network.DEVNET, 1L, Map.of(),
                        new FinalityRule.TronSolidified(), FeeModel.TRON_RESOURCES, TRX.multiply(BigInteger.valueOf(100)),
                        Duration.ofSeconds(3), 100, List.of()));
    }

    private static ChainSpec tron(String name, Network network, long chainId, Map<String, TokenSpec> tokens) {
        // fee_limit ceiling: 100 TRX per transaction (a USDT transfer burns ~14-28 TRX of energy without staking)
        return new ChainSpec(name, ChainFamily.TRON, network, chainId, tokens, new FinalityRule.TronSolidified(),
                FeeModel.TRON_RESOURCES, TRX.multiply(BigInteger.valueOf(100)), Duration.ofSeconds(3), 100, List.of());
    }

    private static ChainSpec evm(String name, Network network, long chainId, Duration blockTime, int maxScanRange,
            long feeCapGwei, TokenSpec... tokens) {
        Map<String, TokenSpec> bySymbol = new java.util.TreeMap<>();
        for (TokenSpec token : tokens) {
            bySymbol.put(token.symbol(), token);
        }
        return new ChainSpec(name, ChainFamily.EVM, network, chainId, bySymbol, new FinalityRule.FinalizedTag(),
                FeeModel.EIP1559, GWEI.multiply(BigInteger.valueOf(feeCapGwei)), blockTime, maxScanRange, List.of());
    }

    private static TokenSpec usdt(String contract) {
        return new TokenSpec("USDT", contract, 6, TETHER);
    }

    private static TokenSpec usdc(String contract) {
        return new TokenSpec("USDC", contract, 6, CIRCLE);
    }
}
