package io.stablerail.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stablerail.gateway.edge.EdgeTestAccess;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/balances} routed to a local server that answers like ledger-service: the path names the caller's
 * merchant, the Request-Id travels along, the answer is relayed; a slow service → 504; a failing one → 503 and, after
 * enough failures, an open circuit that no longer calls it.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.gateway.routing.timeout=500ms", "stablerail.gateway.routing.sliding-window-calls=10",
        "stablerail.gateway.routing.open-for=1h"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingIT {

    static final AtomicInteger status = new AtomicInteger(200);
    static final AtomicInteger delayMs = new AtomicInteger(0);
    static final AtomicInteger calls = new AtomicInteger();
    static final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer ledger = ledger();

    @LocalServerPort int port;
    @Autowired ServiceClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
        registry.add("stablerail.gateway.ops-health.services.ledger-service",
                () -> "http://127.0.0.1:" + ledger.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        ledger.stop(0);
    }

    HttpResponse<String> balances(String token) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/balances?as_of=2026-11-21T00:00:00Z")).header("Authorization", "Bearer " + token)
                    .header("Request-Id", "trace-routing-1").build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static String code(HttpResponse<String> response) {
        return response.statusCode() + " " + JsonMapper.builder().build().readTree(response.body()).path("code")
                .asString();
    }

    @Test
    @Order(1)
    void theCallIsRoutedForTheCallingMerchantAndRelayed() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Routed Ltd", "[\"read\"]");

        HttpResponse<String> response = balances(token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode balance = JsonMapper.builder().build().readTree(response.body()).path("balances").get(0);
        assertThat(balance.path("available").asString()).as("amounts as decimal strings").isEqualTo("12.500000");
        assertThat(balance.path("held").asString()).isEqualTo("0.000001");
        assertThat(balance.path("total").asString()).isEqualTo("12.500001");
        assertThat(seen.getLast()).matches("GET /internal/v1/merchants/mer_[A-Za-z0-9]{16}/balances"
                + "\\?as_of=2026-11-21T00%3A00%3A00Z request-id=trace-routing-1");
    }

    @Test
    @Order(2)
    void aSlowServiceIs504() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Slow Ltd", "[\"read\"]");
        delayMs.set(1_500);
        try {
            assertThat(code(balances(token))).isEqualTo("504 upstream_timeout");
        } finally {
            delayMs.set(0);
        }
    }

    @Test
    @Order(3)
    void aFailingServiceIs503AndOpensTheCircuit() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Failing Ltd", "[\"read\"]");
        status.set(500);
        for (int i = 0; i < 10 && client.state("ledger-service") == CircuitBreaker.State.CLOSED; i++) {
            assertThat(code(balances(token))).isEqualTo("503 service_unavailable");
        }
        assertThat(client.state("ledger-service")).isEqualTo(CircuitBreaker.State.OPEN);
        int before = calls.get();

        HttpResponse<String> refused = balances(token);

        assertThat(code(refused)).isEqualTo("503 service_unavailable");
        assertThat(refused.body()).contains("circuit open");
        assertThat(calls.get()).as("an open circuit does not call the service").isEqualTo(before);
    }

    private static HttpServer ledger() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/internal/v1/merchants/", exchange -> {
                calls.incrementAndGet();
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " request-id="
                        + exchange.getRequestHeaders().getFirst("Request-Id"));
                try {
                    Thread.sleep(delayMs.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = ("{\"merchant_id\":\"m\",\"balances\":[{\"currency\":\"USDT\",\"available\":"
                        + "\"12500000\",\"held\":\"1\",\"total\":\"12500001\"}]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
