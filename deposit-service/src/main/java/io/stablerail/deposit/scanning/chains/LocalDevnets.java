package io.stablerail.deposit.scanning.chains;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stablerail.deposit.deposits.DepositProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local stack only: the devnets {@code dev-stack} starts, handed over as {@code STABLERAIL_EVM_DEVNET_*} and
 * {@code STABLERAIL_TRON_DEVNET_*} (docs/operations.md). When set, {@code evm-devnet} / {@code tron-devnet} are scanned
 * with their token contracts, in addition to {@code stablerail.chains.endpoints} (which wins when it names them).
 * Empty in every other deployment.
 */
@ConfigurationProperties("stablerail.chains.local-devnets")
public record LocalDevnets(@DefaultValue("") String evmRpc, @DefaultValue("") String evmUsdt,
        @DefaultValue("") String evmUsdc, @DefaultValue("") String tronEndpoint, @DefaultValue("") String tronUsdt) {

    public Map<String, List<ChainProperties.EndpointProperties>> endpoints() {
        Map<String, List<ChainProperties.EndpointProperties>> endpoints = new LinkedHashMap<>();
        if (!evmRpc.isBlank()) {
            endpoints.put("evm-devnet", List.of(new ChainProperties.EndpointProperties("hardhat", evmRpc, null)));
        }
        if (!tronEndpoint.isBlank()) {
            endpoints.put("tron-devnet", List.of(new ChainProperties.EndpointProperties("devnet", tronEndpoint,
                    tronEndpoint)));
        }
        return endpoints;
    }

    public Map<String, List<DepositProperties.Token>> tokens() {
        Map<String, List<DepositProperties.Token>> tokens = new LinkedHashMap<>();
        List<DepositProperties.Token> evm = new java.util.ArrayList<>();
        if (!evmRpc.isBlank() && !evmUsdt.isBlank()) {
            evm.add(new DepositProperties.Token("USDT", evmUsdt, 6, "devnet"));
        }
        if (!evmRpc.isBlank() && !evmUsdc.isBlank()) {
            evm.add(new DepositProperties.Token("USDC", evmUsdc, 6, "devnet"));
        }
        if (!evm.isEmpty()) {
            tokens.put("evm-devnet", evm);
        }
        if (!tronEndpoint.isBlank() && !tronUsdt.isBlank()) {
            tokens.put("tron-devnet", List.of(new DepositProperties.Token("USDT", tronUsdt, 6, "devnet")));
        }
        return tokens;
    }
}
