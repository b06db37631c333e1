package io.stablerail.gateway.edge;

import static io.stablerail.gateway.edge.EdgeTestSupport.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The merchant API edge end to end over HTTP: keys and scopes, idempotency, fail-closed, problem details. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stablerail.gateway.rate-limit.burst=10000", "stablerail.gateway.rate-limit.requests-per-second=10000"})
@Import(EdgeTestSupport.FaultyStoreConfiguration.class)
class MerchantApiEdgeIT {

    @LocalServerPort int port;
    EdgeTestSupport.Api api;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256",
                () -> EdgeTestSupport.sha256Hex(EdgeTestSupport.OPS_TOKEN));
    }

    @BeforeEach
    void client() {
        api = new EdgeTestSupport.Api(port);
        EdgeTestSupport.FaultyStoreConfiguration.unavailable.set(false);
    }

    HttpResponse<String> pay(String token, String key, String body) throws Exception {
        Map<String, String> headers = key == null ? Map.of("Authorization", "Bearer " + token)
                : Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key);
        return api.send("POST", "/v1/test/payments", body, headers);
    }

    @Test
    void missingWrongMalformedAndRevokedKeysAre401AndNothingRuns() throws Exception {
        String token = api.merchantWithKey("Auth Ltd", "[\"read\",\"write\"]");
        int before = EdgeTestSupport.CountingController.executions.get();
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("a") ? "b" : "a");

        assertThat(code(api.send("POST", "/v1/test/payments", "{\"amount\":\"1\"}", Map.of())))
                .isEqualTo("401 unauthorized");
        assertThat(code(pay("srk_garbage", null, "{\"amount\":\"1\"}"))).isEqualTo("401 unauthorized");
        assertThat(code(pay(wrongSecret, null, "{\"amount\":\"1\"}"))).isEqualTo("401 unauthorized");
        String prefix = token.substring(0, 20);
        JsonNode keys = EdgeTestSupport.JSON.readTree(api.send("GET", "/v1/api-keys", null,
                Map.of("Authorization", "Bearer " + token)).body());
        String keyId = keys.path("data").get(0).path("id").asString();
        assertThat(keys.path("data").get(0).path("prefix").asString()).isEqualTo(prefix);
        assertThat(keys.toString()).doesNotContain(token.substring(21));
        api.ops("/ops/api/api-keys/" + keyId + "/revoke", null);
        assertThat(code(pay(token, null, "{\"amount\":\"1\"}"))).isEqualTo("401 unauthorized");

        assertThat(EdgeTestSupport.CountingController.executions.get()).isEqualTo(before);
        assertThat(code(api.send("POST", "/ops/api/merchants", "{\"name\":\"x\"}", Map.of())))
                .isEqualTo("401 unauthorized");
    }

    @Test
    void aReadKeyCannotWriteAndARotatedKeyKeepsWorkingDuringItsGrace() throws Exception {
        String readOnly = api.merchantWithKey("Scope Ltd", "[\"read\"]");
        assertThat(code(pay(readOnly, null, "{\"amount\":\"1\"}"))).isEqualTo("403 insufficient_scope");
        assertThat(api.send("GET", "/v1/api-keys", null, Map.of("Authorization", "Bearer " + readOnly)).statusCode())
                .isEqualTo(200);

        String token = api.merchantWithKey("Rotate Ltd", "[\"write\",\"read\"]");
        String keyId = EdgeTestSupport.JSON.readTree(api.send("GET", "/v1/api-keys", null,
                Map.of("Authorization", "Bearer " + token)).body()).path("data").get(0).path("id").asString();
        String successor = api.ops("/ops/api/api-keys/" + keyId + "/rotate", "{\"grace_seconds\":3600}")
                .path("token").asString();
        assertThat(pay(token, null, "{\"amount\":\"2\"}").statusCode()).isEqualTo(201);
        assertThat(pay(successor, null, "{\"amount\":\"2\"}").statusCode()).isEqualTo(201);
        String other = api.ops("/ops/api/api-keys/" + EdgeTestSupport.JSON.readTree(api.send("GET", "/v1/api-keys",
                null, Map.of("Authorization", "Bearer " + successor)).body()).path("data").get(1).path("id").asString()
                + "/rotate", "{\"grace_seconds\":0}").path("token").asString();
        assertThat(code(pay(successor, null, "{\"amount\":\"2\"}"))).isEqualTo("401 unauthorized");
        assertThat(pay(other, null, "{\"amount\":\"2\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void sameKeyAndRequestReplaysOtherRequestIs422AndValidationFailuresAreNotStored() throws Exception {
        String token = api.merchantWithKey("Idem Ltd", "[\"read\",\"write\"]");

        HttpResponse<String> first = pay(token, "order-1", "{\"amount\":\"10.5\",\"reference\":\"r\"}");
        HttpResponse<String> again = pay(token, "order-1", "{ \"reference\" : \"r\", \"amount\" : \"10.5\" }");
        HttpResponse<String> other = pay(token, "order-1", "{\"amount\":\"11\",\"reference\":\"r\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(code(other)).isEqualTo("422 idempotency_key_reused");

        assertThat(code(pay(token, "order-2", "{\"amount\":\"ten\"}"))).isEqualTo("400 invalid_request");
        HttpResponse<String> corrected = pay(token, "order-2", "{\"amount\":\"10\"}");
        assertThat(corrected.statusCode()).as("the failed validation did not burn the key").isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();

        // another spelling of the same path is the same request: replayed, not executed again
        int before = EdgeTestSupport.CountingController.executions.get();
        HttpResponse<String> encoded = api.send("POST", "/%761/test/payments", "{\"amount\":\"10\"}",
                Map.of("Authorization", "Bearer " + token, "Idempotency-Key", "order-2"));
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(201);
        assertThat(encoded.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(EdgeTestSupport.CountingController.executions.get()).isEqualTo(before);
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyExecuteOnce() throws Exception {
        String token = api.merchantWithKey("Race Ltd", "[\"read\",\"write\"]");
        int before = EdgeTestSupport.CountingController.executions.get();
        CyclicBarrier start = new CyclicBarrier(20);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return pay(token, "race-1", "{\"amount\":\"99\"}");
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get();
                outcomes.add(r.statusCode() == 201 ? (r.headers().firstValue("Idempotent-Replayed").isPresent()
                        ? "replayed" : "executed") : code(r));
            }
            assertThat(outcomes).filteredOn("executed"::equals).hasSize(1);
            assertThat(outcomes).allMatch(o -> o.equals("executed") || o.equals("replayed")
                    || o.equals("409 request_in_progress"));
        }
        assertThat(EdgeTestSupport.CountingController.executions.get() - before).isEqualTo(1);
    }

    @Test
    void anUnreachableIdempotencyStoreRefusesWith503AndNothingRuns() throws Exception {
        String token = api.merchantWithKey("Closed Ltd", "[\"read\",\"write\"]");
        int before = EdgeTestSupport.CountingController.executions.get();
        EdgeTestSupport.FaultyStoreConfiguration.unavailable.set(true);

        HttpResponse<String> refused = pay(token, "closed-1", "{\"amount\":\"5\"}");

        assertThat(code(refused)).isEqualTo("503 idempotency_store_unavailable");
        assertThat(EdgeTestSupport.CountingController.executions.get()).isEqualTo(before);
        EdgeTestSupport.FaultyStoreConfiguration.unavailable.set(false);
        assertThat(pay(token, "closed-1", "{\"amount\":\"5\"}").statusCode()).as("retry once it is back").isEqualTo(201);
    }

    @Test
    void problemDetailsCarryACodeAndTheRequestIdAndUnknownFieldsAndHugeBodiesAreRefused() throws Exception {
        String token = api.merchantWithKey("Problems Ltd", "[\"read\",\"write\"]");

        HttpResponse<String> unknown = api.send("POST", "/v1/test/payments", "{\"amount\":\"1\",\"amout\":\"2\"}",
                Map.of("Authorization", "Bearer " + token, "Request-Id", "client-chosen-id-123"));
        HttpResponse<String> huge = pay(token, null, "{\"amount\":\"1\",\"reference\":\"" + "x".repeat(70_000) + "\"}");
        HttpResponse<String> badKey = pay(token, "has space", "{\"amount\":\"1\"}");

        assertThat(code(unknown)).isEqualTo("400 unknown_field");
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(unknown.headers().firstValue("Request-Id")).hasValue("client-chosen-id-123");
        assertThat(EdgeTestSupport.JSON.readTree(unknown.body()).path("request_id").asString())
                .isEqualTo("client-chosen-id-123");
        assertThat(EdgeTestSupport.JSON.readTree(unknown.body()).path("detail").asString()).contains("amout");
        assertThat(code(huge)).isEqualTo("413 request_too_large");
        assertThat(code(badKey)).isEqualTo("400 invalid_idempotency_key");
        assertThat(huge.headers().firstValue("Request-Id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }
}
