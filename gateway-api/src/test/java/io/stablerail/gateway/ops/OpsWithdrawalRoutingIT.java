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
 * Ops reach withdrawal-service's ops API through the gateway's ops API only with an ops token: list by status, read,
 * approve, reject, bump and cancel are relayed to {@code /internal/v1/ops/withdrawals/…} (here a local server that
 * records what reaches it) with the body, the Request-Id and, as X-Actor, the ops user the token belongs to — not the
 * X-Actor the caller sent; the answer comes back unchanged. The bootstrap token reads but decides nothing. Without a
 * token, or with a merchant's key, nothing reaches the service.
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
        // every request below also sends "X-Actor: someone-else": the edge names the token's user instead
        String ops = "Bearer " + EdgeTestAccess.opsUser(port, "ops-anna");
        int before = seen.size();

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
        assertThat(seen.subList(before, seen.size())).containsExactly(
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

    /**
     * The shared bootstrap token reads (as "bootstrap") but makes no decision: approve, reject, bump and cancel need a
     * person's own token, else four-eyes would count one token holder as whoever they claimed to be.
     */
    @Test
    void theBootstrapTokenReadsButMakesNoDecision() throws Exception {
        UUID id = UUID.randomUUID();
        String bootstrap = "Bearer " + EdgeTestAccess.opsToken();
        int before = seen.size();

        HttpResponse<String> read = send(bootstrap, "GET", "/ops/api/withdrawals/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(seen.subList(before, seen.size())).containsExactly("GET /internal/v1/ops/withdrawals/" + id
                + " body= actor=bootstrap request-id=trace-ops");

        for (String action : new String[] {"approve", "reject", "transaction/bump", "transaction/cancel"}) {
            HttpResponse<String> refused = send(bootstrap, "POST", "/ops/api/withdrawals/" + id + "/" + action,
                    "{\"max_fee_per_gas_wei\":\"9\"}");
            assertThat(refused.statusCode()).as(action).isEqualTo(403);
            assertThat(refused.body()).as(action).contains("\"code\":\"ops_user_required\"");
        }
        assertThat(seen).as("no decision reached withdrawal-service").hasSize(before + 1);
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
                    .header("Request-Id", "trace-ops").header("X-Actor", "someone-else")
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
