package io.stablerail.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ops/api/health} against local HTTP servers that answer like the services' actuator: healthy, unhealthy with
 * a failing component, too slow, and not listening at all.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "stablerail.gateway.ops-health.timeout=500ms")
class OpsHealthIT {

    static final String UP_BODY = "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\"}}}";
    static final String DB_DOWN_BODY = "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\"},"
            + "\"kafka\":{\"status\":\"UP\"}}}";

    static final AtomicReference<String> ledgerBody = new AtomicReference<>(UP_BODY);
    static final AtomicInteger ledgerStatus = new AtomicInteger(200);
    static final AtomicInteger slowDelayMs = new AtomicInteger(0);
    static final HttpServer deposit = server(() -> 200, () -> UP_BODY, () -> 0);
    static final HttpServer withdrawal = server(() -> 200, () -> UP_BODY, () -> 0);
    static final HttpServer confirmation = server(() -> 200, () -> UP_BODY, slowDelayMs::get);
    static final HttpServer settlement = server(() -> 200, () -> UP_BODY, () -> 0);
    static final HttpServer ledger = server(ledgerStatus::get, ledgerBody::get, () -> 0);
    static final AtomicReference<String> settlementUrl = new AtomicReference<>(url(settlement));

    @LocalServerPort int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        String prefix = "stablerail.gateway.ops-health.services.";
        registry.add(prefix + "deposit-service", () -> url(deposit));
        registry.add(prefix + "withdrawal-service", () -> url(withdrawal));
        registry.add(prefix + "confirmation-worker", () -> url(confirmation));
        registry.add(prefix + "settlement-service", settlementUrl::get);
        registry.add(prefix + "ledger-service", () -> url(ledger));
    }

    @AfterAll
    static void stopServers() {
        for (HttpServer server : new HttpServer[] {deposit, withdrawal, confirmation, settlement, ledger}) {
            server.stop(0);
        }
    }

    @Test
    void allSixUpGives200AndUp() throws Exception {
        HttpResponse<String> response = getOpsHealth();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("services")).hasSize(6);
        assertThat(body.path("services").valueStream().map(s -> s.path("name").asString()))
                .containsExactly("gateway-api", "deposit-service", "withdrawal-service", "confirmation-worker",
                        "settlement-service", "ledger-service");
        assertThat(body.path("services").valueStream().map(s -> s.path("status").asString()))
                .containsOnly("UP");
    }

    @Test
    void eachDownServiceSaysWhy() throws Exception {
        ledgerStatus.set(503);
        ledgerBody.set(DB_DOWN_BODY);
        slowDelayMs.set(2_000);
        settlement.stop(0);
        try {
            // settlement's server is stopped: its port refuses connections
            HttpResponse<String> response = getOpsHealth();

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            assertThat(body.path("status").asString()).isEqualTo("DOWN");
            assertThat(reasonOf(body, "ledger-service")).isEqualTo("HTTP 503, status DOWN: db DOWN");
            assertThat(reasonOf(body, "confirmation-worker")).startsWith("no answer within");
            assertThat(reasonOf(body, "settlement-service")).contains("unreachable");
            assertThat(statusOf(body, "deposit-service")).isEqualTo("UP");
            assertThat(statusOf(body, "gateway-api")).isEqualTo("UP");
        } finally {
            ledgerStatus.set(200);
            ledgerBody.set(UP_BODY);
            slowDelayMs.set(0);
        }
    }

    private HttpResponse<String> getOpsHealth() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String statusOf(JsonNode body, String name) {
        return find(body, name).path("status").asString();
    }

    private static String reasonOf(JsonNode body, String name) {
        return find(body, name).path("reason").asString();
    }

    private static JsonNode find(JsonNode body, String name) {
        return body.path("services").valueStream().filter(s -> name.equals(s.path("name").asString()))
                .findFirst().orElseThrow();
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpServer server(java.util.function.IntSupplier status,
                                     java.util.function.Supplier<String> body,
                                     java.util.function.IntSupplier delayMs) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/actuator/health", exchange -> {
                try {
                    Thread.sleep(delayMs.getAsInt());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.getAsInt(), bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
