package io.stablerail.deposit.scanning.chains;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stablerail.chains}: the chains this deployment scans, each with its endpoints in failover order, e.g.
 * <pre>
 * stablerail.chains.endpoints.ethereum[0]: {name: alchemy, url: https://eth-mainnet.g.alchemy.com/v2/${KEY}}
 * stablerail.chains.endpoints.tron[0]: {name: trongrid, url: grpc.trongrid.io:50051, solidity-url: grpc.trongrid.io:50052}
 * </pre>
 * No endpoints: nothing scans. An unknown chain, or an endpoint of the wrong form for its family, fails startup.
 */
@ConfigurationProperties("stablerail.chains")
public record ChainProperties(Map<String, List<EndpointProperties>> endpoints, Duration callTimeout) {

    /** One node: JSON-RPC URL (EVM) or gRPC {@code host:port} of the full and the solidity node (TRON). */
    public record EndpointProperties(String name, String url, String solidityUrl) {
    }

    public ChainProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        callTimeout = callTimeout == null ? Duration.ofSeconds(10) : callTimeout;
    }
}
