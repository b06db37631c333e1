package io.stablerail.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.stablerail.gateway.edge.EdgeTestAccess;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ops reach withdrawal-service's ops API through the gateway's ops API only with the ops token: list by status, read,
 * approve, reject, bump and cancel are relayed to {@code /internal/v1/ops/withdrawals/…} (here a local server that
 * records what reaches it) with the body, the Request-Id and the ops user's X-Actor; the answer comes back unchanged.
 * Without the token, or with a merchant's key, nothing reaches the service.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsWithdrawalRoutingIT {

    static final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer withdrawals = withdrawalService();

    @LocalServerPort int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
        registry.add("stablerail.gateway.ops-health.services.withdrawal-service",
                () -> "http://127.0.0.1:" + withdrawals.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        withdrawals.stop(0);
    }

    @Test
    void everyWithdrawalOpsActionIsRelayedWithTheOpsUser() throws Exception {
        UUID id = UUID.randomUUID();
        String ops = "Bearer " + EdgeTestAccess.opsToken();

        HttpResponse<String> listed = send(ops, "GET", "/ops/api/withdrawals?status=STUCK&limit=5&cursor=1_a b", null);
        send(ops, "GET", "/ops/api/withdrawals/" + id, null);
        send(ops, "GET", "/ops/api/withdrawals/" + id + "/attempts", null);
        send(ops, "POST", "/ops/api/withdrawals/" + id + "/approve", "");
        send(ops, "POST", "/ops/api/withdrawals/" + id + "/reject", "");
        send(ops, "POST", "/ops/api/withdrawals/" + id + "/transaction/bump", "{\"max_fee_per_gas_wei\":\"9\"}");
        HttpResponse<String> cancelled = send(ops, "POST", "/ops/api/withdrawals/" + id + "/transaction/cancel",
                "{\"max_fee_per_gas_wei\":\"7\"}");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("{\"answered_by\":\"withdrawal-service\"}");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        String base = "/internal/v1/ops/withdrawals";
        assertThat(seen).containsExactly(
                "GET " + base + "?limit=5&cursor=1_a+b&status=STUCK body= actor=ops-anna request-id=trace-ops",
                "GET " + base + "/" + id + " body= actor=ops-anna request-id=trace-ops",
                "GET " + base + "/" + id + "/attempts body= actor=ops-anna request-id=trace-ops",
                "POST " + base + "/" + id + "/approve body= actor=ops-anna request-id=trace-ops",
                "POST " + base + "/" + id + "/reject body= actor=ops-anna request-id=trace-ops",
                "POST " + base + "/" + id + "/transaction/bump body={\"max_fee_per_gas_wei\":\"9\"} actor=ops-anna "
                        + "request-id=trace-ops",
                "POST " + base + "/" + id + "/transaction/cancel body={\"max_fee_per_gas_wei\":\"7\"} actor=ops-anna "
                        + "request-id=trace-ops");
    }

    @Test
    void withoutTheOpsTokenNothingReachesWithdrawalService() throws Exception {
        int before = seen.size();
        String merchantKey = "Bearer " + EdgeTestAccess.merchantWithKey(port, "Curious Ltd", "[\"read\",\"write\"]");

        HttpResponse<String> anonymous = send(null, "GET", "/ops/api/withdrawals?status=STUCK", null);
        HttpResponse<String> merchant = send(merchantKey, "POST",
                "/ops/api/withdrawals/" + UUID.randomUUID() + "/approve", "");

        assertThat(anonymous.statusCode()).isIn(401, 403);
        assertThat(merchant.statusCode()).isIn(401, 403);
        assertThat(seen).hasSize(before);
    }

    private HttpResponse<String> send(String authorization, String method, String path, String body)
            throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + path.replace(" ", "%20")))
                    .header("Request-Id", "trace-ops").header("X-Actor", "ops-anna")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpServer withdrawalService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/internal/v1/ops/withdrawals", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + body
                        + " actor=" + exchange.getRequestHeaders().getFirst("X-Actor")
                        + " request-id=" + exchange.getRequestHeaders().getFirst("Request-Id"));
                byte[] answer = "{\"answered_by\":\"withdrawal-service\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
