package io.stablerail.confirmation.tracking.chain;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.confirmation.tracking.ChainObserver;
import io.stablerail.confirmation.tracking.ChainObservers;
import io.stablerail.confirmation.tracking.ConfirmationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the {@link ChainRegistry} of the enabled chains from {@code stablerail.confirmation.chains} (endpoints in
 * failover order, extra token contracts) and one observer per chain over an {@link EndpointPool}. A misconfigured
 * chain (unknown, no endpoints, bad URL, unknown token) stops the start with the registry's message.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalDevnets.class)
class ChainObserverConfiguration {

    /** The worker only reads; the fee cap is irrelevant here but the TRON client wants one. */
    private static final long TRON_FEE_LIMIT_CAP_SUN = 100_000_000L;
    private static final long LOGS_BLOCK_RANGE_MAX = 1_000;

    @Bean
    ChainObservers chainObservers(ConfirmationProperties properties, LocalDevnets devnets, MeterRegistry meters) {
        Map<String, ConfirmationProperties.ChainSettings> chains = devnets.withConfigured(properties);
        if (chains.isEmpty()) {
            return new ChainObservers(List.of());
        }
        ChainRegistry registry = registry(chains);
        ResilienceSettings resilience = new ResilienceSettings(properties.rpcTimeout(), properties.rpcAttempts(),
                Duration.ofMillis(200), 20, 50f, Duration.ofSeconds(30));
        List<ChainObserver> observers = new ArrayList<>();
        for (ChainSpec chain : registry.chains()) {
            observers.add(chain.family() == ChainFamily.TRON
                    ? new TronObserver(chain, new EndpointPool<>(chain, endpoint -> new TronClient(endpoint.url(),
                            endpoint.solidityUrl(), new TronClientSettings(properties.rpcTimeout(), 130,
                            TRON_FEE_LIMIT_CAP_SUN)), resilience, meters))
                    : new EvmObserver(chain, new EndpointPool<>(chain, endpoint -> new EvmClient(
                            new EvmClientSettings(URI.create(endpoint.url()), properties.rpcTimeout(),
                                    LOGS_BLOCK_RANGE_MAX)), resilience, meters)));
        }
        return new ChainObservers(observers, chains);
    }

    static ChainRegistry registry(Map<String, ConfirmationProperties.ChainSettings> chains) {
        Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
        chains.forEach((name, chain) -> endpoints.put(name, chain.endpoints().stream()
                .map(e -> new Endpoint(e.name(), e.url(), e.solidityUrl())).toList()));
        ChainRegistry registry = ChainRegistry.of(endpoints);
        for (var entry : chains.entrySet()) {
            for (ConfirmationProperties.TokenSettings token : entry.getValue().tokens()) {
                registry = registry.withToken(entry.getKey(), new TokenSpec(token.symbol(), token.contract(),
                        token.decimals(), "configured"));
            }
        }
        return registry;
    }
}
