package io.stablerail.confirmation.tracking.chain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stablerail.confirmation.tracking.ConfirmationProperties;
import io.stablerail.confirmation.tracking.ConfirmationProperties.ChainSettings;
import io.stablerail.confirmation.tracking.ConfirmationProperties.EndpointSettings;
import io.stablerail.confirmation.tracking.ConfirmationProperties.TokenSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local stack only: the devnets {@code dev-stack} starts, handed over as {@code STABLERAIL_EVM_DEVNET_*} and
 * {@code STABLERAIL_TRON_DEVNET_*} (see docs/operations.md). When set, {@code evm-devnet} / {@code tron-devnet} are
 * enabled in addition to {@code stablerail.confirmation.chains} (which wins when it names them itself). Empty in
 * every other deployment.
 */
@ConfigurationProperties("stablerail.confirmation.local-devnets")
record LocalDevnets(@DefaultValue("") String evmRpc, @DefaultValue("") String evmUsdt,
        @DefaultValue("") String evmUsdc, @DefaultValue("") String tronEndpoint, @DefaultValue("") String tronUsdt) {

    private static final int STUCK_AFTER_BLOCKS = 50;
    private static final Duration STUCK_AFTER = Duration.ofMinutes(15);
    /** As application.yml recommends for TRON: a run costs about one node call per block, not per row. */
    private static final int TRON_BATCH_SIZE_MAX = 2_000;

    /** The configured chains plus the local devnets that are set. */
    Map<String, ChainSettings> withConfigured(ConfirmationProperties properties) {
        Map<String, ChainSettings> chains = new LinkedHashMap<>();
        if (!evmRpc.isBlank()) {
            chains.put("evm-devnet", new ChainSettings(List.of(new EndpointSettings("hardhat", evmRpc, null)),
                    tokens("USDT", evmUsdt, "USDC", evmUsdc), STUCK_AFTER_BLOCKS, STUCK_AFTER, null, null));
        }
        if (!tronEndpoint.isBlank()) {
            chains.put("tron-devnet", new ChainSettings(List.of(new EndpointSettings("devnet", tronEndpoint,
                    tronEndpoint)), tokens("USDT", tronUsdt, "", ""), STUCK_AFTER_BLOCKS, STUCK_AFTER, null, TRON_BATCH_SIZE_MAX));
        }
        chains.putAll(properties.chains());
        return chains;
    }

    private static List<TokenSettings> tokens(String symbol, String contract, String otherSymbol, String other) {
        List<TokenSettings> tokens = new java.util.ArrayList<>();
        if (!contract.isBlank()) {
            tokens.add(new TokenSettings(symbol, contract, 6));
        }
        if (!other.isBlank()) {
            tokens.add(new TokenSettings(otherSymbol, other, 6));
        }
        return tokens;
    }
}
