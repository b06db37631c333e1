package io.stablerail.withdrawal.broadcast.chains;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.withdrawal.broadcast.ChainSender;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Wires the real chains when they are configured: a {@link ChainSenders} when {@code stablerail.chains.endpoints} has
 * entries, a {@link ConfiguredSigners} when {@code stablerail.withdrawal.signers} has entries. Without them the
 * broadcaster stays unwired and approved withdrawals wait (fail closed).
 */
@Configuration(proxyBeanMethods = false)
public class ChainsConfiguration {

    /** The EVM scanner setting the client requires; the sender never reads logs. */
    private static final long UNUSED_LOGS_RANGE = 1_000;

    /** Reads environment variables for the signers; tests may provide their own. */
    public interface SignerEnvironment {
        String get(String variable);
    }

    @Bean(destroyMethod = "close")
    @Conditional(EndpointsConfigured.class)
    ChainSenders chainSenders(ChainProperties properties, ChainCatalog catalog, MeterRegistry meters) {
        Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
        properties.endpoints().forEach((chain, list) -> endpoints.put(chain, list.stream()
                .map(e -> new Endpoint(e.name(), e.url(), e.solidityUrl())).toList()));
        ChainRegistry registry = ChainRegistry.of(endpoints);
        Map<String, ChainSender> senders = new HashMap<>();
        List<AutoCloseable> pools = new ArrayList<>();
        for (ChainSpec chain : registry.chains()) {
            if (!catalog.hotWallets().containsKey(chain.name())) {
                continue; // a node without a hot wallet: nothing to send there
            }
            switch (chain.family()) {
                case EVM -> {
                    EndpointPool<EvmClient> pool = new EndpointPool<>(chain, endpoint -> new EvmClient(
                            new EvmClientSettings(URI.create(endpoint.url()), properties.callTimeout(),
                                    UNUSED_LOGS_RANGE)), ResilienceSettings.defaults(), meters);
                    pools.add(pool);
                    ChainProperties.EvmFees fees = properties.evmFees();
                    senders.put(chain.name(), new EvmChainSender(chain, pool, new EvmFeePolicy(fees.historyBlocks(),
                            fees.priorityFeePercentile(), fees.baseFeeMultiplier(),
                            fees.priorityFeeMinWei().min(chain.feeCap()), chain.feeCap())));
                }
                case TRON -> {
                    EndpointPool<TronClient> pool = new EndpointPool<>(chain, endpoint -> new TronClient(
                            endpoint.url(), endpoint.solidityUrl(), new TronClientSettings(properties.callTimeout(),
                                    properties.tronEnergyMarginPercent(), chain.feeCap().longValueExact())),
                            ResilienceSettings.defaults(), meters);
                    pools.add(pool);
                    senders.put(chain.name(), new TronChainSender(chain, pool));
                }
            }
        }
        return new ChainSenders(senders, pools);
    }

    @Bean(destroyMethod = "close")
    @Conditional(SignersConfigured.class)
    ConfiguredSigners hotWalletSigners(SignerProperties properties, ChainCatalog catalog,
                                       ObjectProvider<SignerEnvironment> environment) {
        SignerEnvironment variables = environment.getIfAvailable(() -> System::getenv);
        return ConfiguredSigners.load(properties, catalog, variables::get);
    }

    static final class EndpointsConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("stablerail.chains", Bindable.of(ChainProperties.class))
                    .map(p -> !p.endpoints().isEmpty()).orElse(false);
        }
    }

    static final class SignersConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("stablerail.withdrawal.signers",
                    Bindable.mapOf(String.class, SignerProperties.Signer.class)).map(m -> !m.isEmpty()).orElse(false);
        }
    }
}
