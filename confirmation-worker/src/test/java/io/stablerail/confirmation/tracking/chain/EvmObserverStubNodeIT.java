package io.stablerail.confirmation.tracking.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.confirmation.tracking.TrackedTransaction;
import io.stablerail.confirmation.tracking.TrackingStatus;
import io.stablerail.confirmation.tracking.Verdict;
import io.stablerail.events.transaction.TrackPurpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EVM checklist against a stub JSON-RPC node on 127.0.0.1 whose answers the test controls: the branch Hardhat
 * cannot produce — a node still serving a receipt whose block is no longer the canonical block at that height.
 */
class EvmObserverStubNodeIT {

    static final String TOKEN = "0xdac17f958d2ee523a2206206994597c13d831ec7";
    static final String FROM = "0x1111111111111111111111111111111111111111";
    static final String TO = "0x2222222222222222222222222222222222222222";
    static final String TX = "0x" + "ab".repeat(32);
    static final String RECEIPT_BLOCK_HASH = "0x" + "aa".repeat(32);
    static final String OTHER_BLOCK_HASH = "0x" + "bb".repeat(32);
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpServer node;
    volatile long head = 16;
    volatile long receiptBlock = 5;
    volatile String canonicalHashAtReceiptBlock = OTHER_BLOCK_HASH;
    EvmObserver observer;

    @BeforeEach
    void start() throws IOException {
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Object result = answer(request.get("method").asString(), request.get("params"));
            byte[] body = JSON.writeValueAsBytes(withResult(request.get("id").asInt(), result));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
        String url = "http://127.0.0.1:" + node.getAddress().getPort();
        ChainSpec chain = ChainRegistry.of(Map.of("evm-devnet", List.of(new Endpoint("stub", url, null))))
                .withToken("evm-devnet", new TokenSpec("USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7", 6, "test")).chain("evm-devnet");
        observer = new EvmObserver(chain, new EndpointPool<>(chain, endpoint -> new EvmClient(
                new EvmClientSettings(URI.create(endpoint.url()), Duration.ofSeconds(5), 1_000)),
                new ResilienceSettings(Duration.ofSeconds(5), 1, Duration.ofMillis(10), 20, 100f, Duration.ofMillis(10)),
                new SimpleMeterRegistry()));
    }

    @AfterEach
    void stop() {
        observer.close();
        node.stop(0);
    }

    static Map<String, Object> withResult(int id, Object result) {
        java.util.HashMap<String, Object> response = new java.util.HashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("result", result);
        return response;
    }

    Object answer(String method, JsonNode params) {
        return switch (method) {
            case "eth_getBlockByNumber" -> {
                String tag = params.get(0).asString();
                long number = "latest".equals(tag) ? head : Long.decode(tag);
                String hash = number == receiptBlock ? canonicalHashAtReceiptBlock
                        : "0x%064x".formatted(number + 0x1000);
                yield Map.of("number", "0x" + Long.toHexString(number), "hash", hash,
                        "parentHash", "0x%064x".formatted(number + 0x0fff), "timestamp", "0x6553f100",
                        "transactions", List.of(), "uncles", List.of());
            }
            case "eth_getTransactionReceipt" -> Map.of("transactionHash", TX,
                    "blockNumber", "0x" + Long.toHexString(receiptBlock), "blockHash", RECEIPT_BLOCK_HASH,
                    "status", "0x1", "gasUsed", "0x5208", "effectiveGasPrice", "0x3b9aca00",
                    "cumulativeGasUsed", "0x5208", "from", FROM, "to", TOKEN,
                    "logs", List.of(Map.of("address", TOKEN, "topics", List.of(Erc20Transfer.TRANSFER_TOPIC,
                                    topic(FROM), topic(TO)), "data", "0x%064x".formatted(5_000_000),
                            "transactionHash", TX, "blockNumber", "0x" + Long.toHexString(receiptBlock),
                            "blockHash", RECEIPT_BLOCK_HASH, "logIndex", "0x0", "transactionIndex", "0x0",
                            "removed", false)));
            default -> throw new IllegalStateException("the stub does not answer " + method);
        };
    }

    static String topic(String address) {
        return "0x" + "0".repeat(24) + address.substring(2);
    }

    static TrackedTransaction tracked() {
        return new TrackedTransaction(UUID.randomUUID(), TrackPurpose.WITHDRAWAL, "att-stub", "evm-devnet", TX, TOKEN,
                FROM, TO, BigInteger.valueOf(5_000_000), null, null, null, Instant.now(), TrackingStatus.TRACKING,
                Instant.now(), null, null, null, 0, 0, Instant.now(), null, null, null, null);
    }

    @Test
    void aReceiptWhoseBlockIsNoLongerCanonicalKeepsTheTransactionOpen() {
        Verdict verdict = observer.check(tracked());

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Pending.class,
                pending -> assertThat(pending.note()).contains("no longer canonical"));
    }

    @Test
    void theSameReceiptIsFinalOnceItsBlockIsCanonicalAtTheFinalityPoint() {
        canonicalHashAtReceiptBlock = RECEIPT_BLOCK_HASH;

        Verdict verdict = observer.check(tracked());

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Final.class, done -> {
            assertThat(done.blockHash()).isEqualTo(RECEIPT_BLOCK_HASH);
            assertThat(done.fee()).isEqualTo(BigInteger.valueOf(21_000L * 1_000_000_000L));
            assertThat(done.transfer().amount()).isEqualTo(BigInteger.valueOf(5_000_000));
        });
    }

    @Test
    void aReceiptAboveTheFinalityPointIsNotFinal() {
        canonicalHashAtReceiptBlock = RECEIPT_BLOCK_HASH;
        receiptBlock = head - 1; // depth 3: final up to head − 2

        assertThat(observer.check(tracked())).isInstanceOf(Verdict.Pending.class);
        receiptBlock = head - 2;
        assertThat(observer.check(tracked())).isInstanceOf(Verdict.Final.class);
    }
}
