package io.stablerail.deposit.scanning.chains;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.deposit.deposits.DepositProperties;
import io.stablerail.deposit.scanning.ChainSource;
import io.stablerail.deposit.scanning.ChainSources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds one chain source per configured chain; the registry check fails startup on anything unknown. */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(LocalDevnets.class)
class ChainSourcesConfiguration {

    /** The scanner reads; it never builds transactions, so the TRON fee settings only satisfy the client. */
    private static final int UNUSED_ENERGY_MARGIN_PERCENT = 100;

    @Bean(destroyMethod = "close")
    ChainSources chainSources(ChainProperties properties, LocalDevnets devnets, DepositProperties configured,
                              MeterRegistry meters) {
        Map<String, List<ChainProperties.EndpointProperties>> wanted = new LinkedHashMap<>(devnets.endpoints());
        wanted.putAll(properties.endpoints());
        if (wanted.isEmpty()) {
            return new ChainSources(List.of(), List.of());
        }
        Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
        wanted.forEach((chain, list) -> endpoints.put(chain, list.stream()
                .map(e -> new Endpoint(e.name(), e.url(), e.solidityUrl())).toList()));
        DepositProperties deposits = configured.withTokens(devnets.tokens());
        ChainRegistry registry = ChainRegistry.of(endpoints);
        // devnet (or operator-checked) tokens: the sources must ask the nodes for their Transfer logs too
        for (Map.Entry<String, List<DepositProperties.Token>> extra : deposits.tokens().entrySet()) {
            if (endpoints.containsKey(extra.getKey())) {
                for (DepositProperties.Token token : extra.getValue()) {
                    registry = registry.withToken(extra.getKey(), token.toSpec());
                }
            }
        }
        List<ChainSource> sources = new ArrayList<>();
        List<AutoCloseable> pools = new ArrayList<>();
        for (ChainSpec chain : registry.chains()) {
            switch (chain.family()) {
                case EVM -> {
                    EndpointPool<EvmClient> pool = new EndpointPool<>(chain, endpoint -> new EvmClient(
                            new EvmClientSettings(URI.create(endpoint.url()), properties.callTimeout(),
                                    chain.maxScanRange())), ResilienceSettings.defaults(), meters);
                    pools.add(pool);
                    sources.add(new EvmChainSource(chain, pool));
                }
                case TRON -> {
                    EndpointPool<TronClient> pool = new EndpointPool<>(chain, endpoint -> new TronClient(
                            endpoint.url(), endpoint.solidityUrl(), new TronClientSettings(properties.callTimeout(),
                                    UNUSED_ENERGY_MARGIN_PERCENT, chain.feeCap().longValueExact())),
                            ResilienceSettings.defaults(), meters);
                    pools.add(pool);
                    sources.add(new TronChainSource(chain, pool));
                }
            }
        }
        return new ChainSources(sources, pools);
    }
}
