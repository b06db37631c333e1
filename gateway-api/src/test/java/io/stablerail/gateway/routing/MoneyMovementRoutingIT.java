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
 * Deposit and withdrawal calls are routed for the calling merchant: to deposit-service and withdrawal-service's
 * internal paths (here local servers that record what reaches them and answer like the services), with the body,
 * the Request-Id and, for withdrawals, the Idempotency-Key passed on; answers and problems are relayed unchanged.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MoneyMovementRoutingIT {

    static final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer deposits = service("deposit");
    static final HttpServer withdrawals = service("withdrawal");

    @LocalServerPort int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
        registry.add("stablerail.gateway.ops-health.services.deposit-service",
                () -> "http://127.0.0.1:" + deposits.getAddress().getPort());
        registry.add("stablerail.gateway.ops-health.services.withdrawal-service",
                () -> "http://127.0.0.1:" + withdrawals.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        deposits.stop(0);
        withdrawals.stop(0);
    }

    @Test
    void depositAddressesAndDepositsGoToDepositServiceForTheCallingMerchant() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Deposits Ltd", "[\"read\",\"write\"]");

        HttpResponse<String> created = send(token, "POST", "/v1/deposit-addresses", "{\"chain\":\"tron\"}", null);
        HttpResponse<String> listed = send(token, "GET", "/v1/deposits?limit=5&cursor=42", null, null);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"answered_by\":\"deposit\"}");
        assertThat(listed.statusCode()).isEqualTo(201);
        assertThat(seen).anySatisfy(line -> assertThat(line).matches(
                "deposit POST /internal/v1/merchants/mer_[A-Za-z0-9]{16}/deposit-addresses body=\\{\"chain\":\"tron\"} "
                        + "request-id=trace-mm idempotency-key=null"));
        assertThat(seen).anySatisfy(line -> assertThat(line).matches(
                "deposit GET /internal/v1/merchants/mer_[A-Za-z0-9]{16}/deposits\\?limit=5&cursor=42 body= "
                        + "request-id=trace-mm idempotency-key=null"));
    }

    @Test
    void withdrawalsGoToWithdrawalServiceWithTheIdempotencyKey() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Payouts Ltd", "[\"read\",\"write\"]");
        String body = "{\"chain\":\"tron\",\"asset\":\"USDT\",\"to_address\":\"TCNkawTmcQgYSU8nP8cHswT1QPjharxJr7\","
                + "\"amount\":\"1.50\"}";

        HttpResponse<String> created = send(token, "POST", "/v1/withdrawals", body, "payout-1");
        HttpResponse<String> listed = send(token, "GET", "/v1/withdrawals?limit=7&cursor=1700000000000000_x", null,
                null);

        assertThat(created.body()).isEqualTo("{\"answered_by\":\"withdrawal\"}");
        assertThat(listed.body()).isEqualTo("{\"answered_by\":\"withdrawal\"}");
        assertThat(seen).anySatisfy(line -> assertThat(line).matches(
                "withdrawal GET /internal/v1/merchants/mer_[A-Za-z0-9]{16}/withdrawals\\?limit=7&"
                        + "cursor=1700000000000000_x body= request-id=trace-mm idempotency-key=null"));
        assertThat(seen).anySatisfy(line -> assertThat(line).matches(
                "withdrawal POST /internal/v1/merchants/mer_[A-Za-z0-9]{16}/withdrawals body=\\Q" + body
                        + "\\E request-id=trace-mm idempotency-key=payout-1"));
    }

    @Test
    void aLimitOutOfRangeIsAProblemAndReachesNoService() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Paging Ltd", "[\"read\"]");
        int before = seen.size();

        HttpResponse<String> response = send(token, "GET", "/v1/deposit-addresses?limit=1000", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(seen).hasSize(before);
    }

    private HttpResponse<String> send(String token, String method, String path, String body, String key)
            throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Request-Id", "trace-mm")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpServer service(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/internal/v1/merchants/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + body
                        + " request-id=" + exchange.getRequestHeaders().getFirst("Request-Id")
                        + " idempotency-key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                byte[] answer = ("{\"answered_by\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
