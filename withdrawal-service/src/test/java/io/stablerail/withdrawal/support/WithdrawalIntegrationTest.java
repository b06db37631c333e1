package io.stablerail.withdrawal.support;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the withdrawal integration tests: the service on a random port with its own schema, the REAL ledger
 * in-process (funds are reserved through its HTTP API), and the scripted test chain behind the ChainSender port. The
 * broadcaster is not scheduled: tests run it step by step.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.withdrawal.broadcast.enabled=false",
        "stablerail.withdrawal.broadcast.resend-backoff-initial=1ms",
        "stablerail.withdrawal.broadcast.resend-backoff-max=2ms",
        "stablerail.withdrawal.broadcast.replacement-bump-percent-by-chain.ethereum=25",
        "stablerail.withdrawal.intake.recovery-interval=1h",
        "stablerail.withdrawal.policy.address-cooldown=0s",
        "stablerail.withdrawal.policy.approval-above-minor=1000000000",
        "stablerail.withdrawal.policy.four-eyes-above-minor=5000000000",
        "stablerail.withdrawal.policy.per-transaction-max-minor=20000000000",
        "stablerail.withdrawal.policy.daily-max-minor=100000000000",
        "stablerail.withdrawal.policy.merchants.m-limited.daily-max-minor=30000000",
        "stablerail.withdrawal.policy.merchants.m-daily.daily-max-minor=30000000",
        "stablerail.withdrawal.policy.merchants.m-cooldown.address-cooldown=1h"})
@Import(WithdrawalIntegrationTest.ScriptedChainConfiguration.class)
public abstract class WithdrawalIntegrationTest {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String EVM_HOT_WALLET = ScriptedTestChain.HOT_SIGNER.evmAddress().checksummed();
    public static final String TRON_HOT_WALLET = ScriptedTestChain.HOT_SIGNER.tronAddress().base58();
    /** A valid EIP-55 destination (the EIP-55 specification's first test vector). */
    public static final String EVM_DESTINATION = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    public static final String TRON_DESTINATION = io.stablerail.chain.signer.LocalKeySigner
            .ofPrivateKey("tron-destination", BigInteger.valueOf(987_654_321L)).tronAddress().base58();

    @TestConfiguration(proxyBeanMethods = false)
    static class ScriptedChainConfiguration {
        @Bean
        ScriptedTestChain scriptedTestChain() {
            return new ScriptedTestChain();
        }
    }

    @DynamicPropertySource
    static void ledgerAndWallets(DynamicPropertyRegistry registry) {
        registry.add("stablerail.withdrawal.ledger.base-url", InProcessLedger::baseUrl);
        registry.add("stablerail.withdrawal.hot-wallets.ethereum", () -> EVM_HOT_WALLET);
        registry.add("stablerail.withdrawal.hot-wallets.tron", () -> TRON_HOT_WALLET);
    }

    @LocalServerPort protected int port;
    @Autowired protected ScriptedTestChain chain;
    @Autowired protected Broadcaster broadcaster;
    @Autowired protected JdbcTemplate jdbc;

    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    protected LedgerTestClient ledger() {
        return new LedgerTestClient(InProcessLedger.baseUrl());
    }

    protected static String body(String chain, String asset, String to, String amount) {
        return "{\"chain\":\"" + chain + "\",\"asset\":\"" + asset + "\",\"to_address\":\"" + to + "\",\"amount\":\""
                + amount + "\"}";
    }

    protected HttpResponse<String> requestWithdrawal(String merchant, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/internal/v1/merchants/" + merchant + "/withdrawals")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request.build());
    }

    /** {@code GET /internal/v1/merchants/{merchant}/withdrawals/{id}}, which must answer 200; its JSON. */
    protected JsonNode getWithdrawal(String merchant, UUID id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/internal/v1/merchants/" + merchant + "/withdrawals/" + id)).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET withdrawal " + id + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> post(String path, String actor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (actor != null) {
            request.header("X-Actor", actor);
        }
        return send(request.build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new withdrawal that must be accepted; returns its JSON. */
    protected JsonNode withdraw(String merchant, String chainName, String asset, String to, String amount) {
        HttpResponse<String> response = requestWithdrawal(merchant, UUID.randomUUID().toString(),
                body(chainName, asset, to, amount));
        if (response.statusCode() != 201) {
            throw new AssertionError("withdrawal refused: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String code(HttpResponse<String> response) {
        return response.statusCode() + " " + JSON.readTree(response.body()).path("code").asString();
    }

    protected String status(UUID withdrawalId) {
        return jdbc.queryForObject("SELECT status FROM withdrawal WHERE id = ?", String.class, withdrawalId);
    }

    protected long rows(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    protected static BigInteger usd(String amount) {
        return new java.math.BigDecimal(amount).movePointRight(6).toBigIntegerExact();
    }
}
