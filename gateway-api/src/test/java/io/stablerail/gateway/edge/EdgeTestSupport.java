package io.stablerail.gateway.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.stablerail.gateway.idempotency.IdempotencyStore;
import io.stablerail.gateway.idempotency.StoredResponse;
import io.stablerail.gateway.idempotency.persistence.JdbcIdempotencyStore;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test-only pieces for the edge tests: an endpoint that counts how often it really ran, a store that can fail. */
final class EdgeTestSupport {

    static final String OPS_TOKEN = "ops-test-token-not-a-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private EdgeTestSupport() {
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST /v1/test/payments: counts executions; "invalid" amount → 400 (validation, not stored). */
    @RestController
    static class CountingController {
        static final AtomicInteger executions = new AtomicInteger();

        record PaymentRequest(String amount, String reference) {
        }

        record PaymentView(int execution, String merchant, String amount) {
        }

        @PostMapping("/v1/test/payments")
        @ResponseStatus(HttpStatus.CREATED)
        PaymentView pay(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                        @RequestBody PaymentRequest body) throws InterruptedException {
            if (body.amount() == null || !body.amount().matches("[0-9]+(\\.[0-9]{1,6})?")) {
                throw new IllegalArgumentException("amount must be a decimal string");
            }
            Thread.sleep(200); // long enough for concurrent retries to find the key in flight
            return new PaymentView(executions.incrementAndGet(), merchant.merchantId(), body.amount());
        }
    }

    /** Wraps the real store; {@link #unavailable} makes every call fail as if PostgreSQL were unreachable. */
    @TestConfiguration
    static class FaultyStoreConfiguration {
        static final AtomicBoolean unavailable = new AtomicBoolean();

        @Bean
        @Primary
        IdempotencyStore faultyStore(JdbcIdempotencyStore real) {
            return new IdempotencyStore() {
                @Override
                public Begin begin(String merchantId, String key, String fingerprint, Duration lease) {
                    check();
                    return real.begin(merchantId, key, fingerprint, lease);
                }

                @Override
                public void complete(String merchantId, String key, StoredResponse response) {
                    check();
                    real.complete(merchantId, key, response);
                }

                @Override
                public void release(String merchantId, String key) {
                    check();
                    real.release(merchantId, key);
                }

                @Override
                public int deleteOlderThan(Duration retention, int limit) {
                    return real.deleteOlderThan(retention, limit);
                }

                private void check() {
                    if (unavailable.get()) {
                        throw new DataAccessResourceFailureException("injected: idempotency store unreachable");
                    }
                }
            };
        }
    }

    /** A small HTTP/1.1 client for the tests. */
    static final class Api {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final int port;

        Api(int port) {
            this.port = port;
        }

        HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode ops(String path, String body) throws Exception {
            HttpResponse<String> response = send("POST", path, body, Map.of("Authorization", "Bearer " + OPS_TOKEN));
            if (response.statusCode() >= 300) {
                throw new AssertionError(path + " → " + response.statusCode() + " " + response.body());
            }
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        }

        /** Creates an ops user with the bootstrap token; returns the user's token. */
        String opsUser(String name) throws Exception {
            return ops("/ops/api/ops-users", "{\"name\":\"" + name + "\"}").path("token").asString();
        }

        /** Creates a merchant and a key with these scopes; returns the key token. */
        String merchantWithKey(String name, String scopes) throws Exception {
            String merchant = ops("/ops/api/merchants", "{\"name\":\"" + name + "\"}").path("id").asString();
            return ops("/ops/api/merchants/" + merchant + "/api-keys", "{\"scopes\":" + scopes + "}")
                    .path("token").asString();
        }
    }

    static String code(HttpResponse<String> response) {
        return response.statusCode() + " " + JSON.readTree(response.body()).path("code").asString();
    }
}
