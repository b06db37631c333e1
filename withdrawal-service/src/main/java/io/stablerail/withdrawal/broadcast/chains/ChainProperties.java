package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stablerail.chains}: the nodes the broadcaster sends through, in the same shape as deposit-service's, e.g.
 * <pre>
 * stablerail.chains.endpoints.ethereum[0]: {name: alchemy, url: https://eth-mainnet.g.alchemy.com/v2/${KEY}}
 * stablerail.chains.endpoints.tron[0]: {name: trongrid, url: grpc.trongrid.io:50051, solidity-url: grpc.trongrid.io:50052}
 * </pre>
 * No endpoints: no chain sender is wired and approved withdrawals wait. An unknown chain, or an endpoint of the wrong
 * form for its family, fails startup.
 *
 * @param callTimeout    per node call (each endpoint has its own retry and circuit breaker on top)
 * @param evmFees        how EVM fees are quoted (the cap per gas is the chain's, from the registry)
 * @param tronEnergyMarginPercent fee_limit = estimated energy × this / 100 × energy price
 */
@ConfigurationProperties("stablerail.chains")
public record ChainProperties(Map<String, List<EndpointProperties>> endpoints, Duration callTimeout,
                              EvmFees evmFees, Integer tronEnergyMarginPercent) {

    /** One node: JSON-RPC URL (EVM) or gRPC {@code host:port} of the full and the solidity node (TRON). */
    public record EndpointProperties(String name, String url, String solidityUrl) {
    }

    /**
     * @param historyBlocks         blocks of {@code eth_feeHistory} looked at
     * @param priorityFeePercentile percentile of recent priority fees taken
     * @param baseFeeMultiplier     maxFeePerGas = this × next base fee + priority fee
     * @param priorityFeeMinWei     floor of the priority fee
     */
    public record EvmFees(Integer historyBlocks, Double priorityFeePercentile, Integer baseFeeMultiplier,
                          BigInteger priorityFeeMinWei) {
        public EvmFees {
            historyBlocks = historyBlocks == null ? 10 : historyBlocks;
            priorityFeePercentile = priorityFeePercentile == null ? 50.0 : priorityFeePercentile;
            baseFeeMultiplier = baseFeeMultiplier == null ? 2 : baseFeeMultiplier;
            priorityFeeMinWei = priorityFeeMinWei == null ? BigInteger.valueOf(1_000_000_000L) : priorityFeeMinWei;
        }
    }

    public ChainProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        callTimeout = callTimeout == null ? Duration.ofSeconds(10) : callTimeout;
        evmFees = evmFees == null ? new EvmFees(null, null, null, null) : evmFees;
        tronEnergyMarginPercent = tronEnergyMarginPercent == null ? 130 : tronEnergyMarginPercent;
    }
}
