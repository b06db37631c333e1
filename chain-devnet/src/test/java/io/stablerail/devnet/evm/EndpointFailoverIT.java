package io.stablerail.devnet.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.chain.evm.BlockTag;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.devnet.tron.TronDevnet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoint pool with the real clients: a provider answering HTTP 503 (EVM) or a node that refuses connections
 * (TRON) is retried, then failed over to the next endpoint in the configured order; once its breaker opens it is
 * skipped, and after the open period it is probed and used again when it has recovered.
 */
class EndpointFailoverIT {

    static final ResilienceSettings QUICK = new ResilienceSettings(Duration.ofSeconds(5), 2, Duration.ofMillis(10), 2,
            50f, Duration.ofMillis(800));

    static HardhatDevnet devnet;
    static RefusingRpcProxy failingProvider;

    @BeforeAll
    static void start() throws IOException {
        devnet = HardhatDevnet.start();
        failingProvider = new RefusingRpcProxy(devnet.rpcUrl());
    }

    @AfterAll
    static void stop() {
        failingProvider.close();
        devnet.close();
    }

    @Test
    void evmCallsFailOverFromAFailingProviderAndComeBackWhenItRecovers() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var chain = ChainRegistry.of(Map.of("evm-devnet", List.of(
                new Endpoint("provider-a", failingProvider.url().toString(), null),
                new Endpoint("hardhat", devnet.rpcUrl().toString(), null)))).chain("evm-devnet");
        failingProvider.answerEverythingWith(503);
        try (EndpointPool<EvmClient> pool = new EndpointPool<>(chain,
                endpoint -> new EvmClient(new EvmClientSettings(java.net.URI.create(endpoint.url()),
                        Duration.ofSeconds(5), 1_000)), QUICK, meters)) {
            devnet.mine(2);
            long head = devnet.blockNumber();

            assertThat(pool.call("block", client -> client.block(BlockTag.LATEST)).number()).isEqualTo(head);
            assertThat(meters.counter("stablerail.chain.rpc.failover", "chain", "evm-devnet", "from", "provider-a")
                    .count()).isEqualTo(1.0);
            assertThat(pool.states()).containsExactly("provider-a=OPEN", "hardhat=CLOSED");

            failingProvider.answerEverythingWith(0); // recovered: forward again
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                pool.call("block", client -> client.block(BlockTag.LATEST));
                assertThat(pool.states()).containsExactly("provider-a=CLOSED", "hardhat=CLOSED");
            });
            assertThat(meters.timer("stablerail.chain.rpc", "chain", "evm-devnet", "endpoint", "provider-a",
                    "operation", "block", "outcome", "ok").count()).isPositive();
        }
    }

    @Test
    void tronCallsFailOverFromANodeThatRefusesConnections() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        try (TronDevnet tron = TronDevnet.start()) {
            tron.produceBlocks(3);
            var chain = ChainRegistry.of(Map.of("tron-devnet", List.of(
                    new Endpoint("down", "127.0.0.1:" + deadPort, "127.0.0.1:" + deadPort),
                    new Endpoint("devnet", tron.endpoint(), tron.endpoint())))).chain("tron-devnet");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (EndpointPool<TronClient> pool = new EndpointPool<>(chain, endpoint -> new TronClient(endpoint.url(),
                    endpoint.solidityUrl(), new TronClientSettings(Duration.ofSeconds(3), 130, 100_000_000L)),
                    QUICK, meters)) {
                assertThat(pool.call("nowBlock", TronClient::nowBlock).number()).isEqualTo(tron.headBlockNumber());
                assertThat(meters.counter("stablerail.chain.rpc.failover", "chain", "tron-devnet", "from", "down")
                        .count()).isEqualTo(1.0);
            }
        }
    }
}
