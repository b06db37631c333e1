package io.stablerail.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.gateway.edge.EdgeTestAccess;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end on the real broker and database, with a clock the test moves and a DNS it controls: a domain
 * event delivered twice becomes one merchant event and one signed delivery that an independent receiver verifies; a
 * failing receiver is retried on the schedule over three days, then the endpoint is disabled; a name that turns
 * private after registration is refused at connect time; redelivery and the delivery log work.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.gateway.webhooks.allow-local-http=true", "stablerail.gateway.webhooks.dispatch-interval=1h",
        "stablerail.gateway.webhooks.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
@Import(WebhooksIT.TestClockAndDns.class)
class WebhooksIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AtomicInteger receiverStatus = new AtomicInteger(200);
    static final CopyOnWriteArrayList<Map.Entry<String, byte[]>> received = new CopyOnWriteArrayList<>();
    static final HttpServer receiver = receiver();

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topics;
    @Autowired WebhookDispatcher dispatcher;
    @Autowired MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
    }

    /** A clock the test moves, and a resolver in which "flaky.example" changes its answer. */
    @TestConfiguration
    static class TestClockAndDns {
        static final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
        static final AtomicReference<String> flakyAddress = new AtomicReference<>("93.184.216.34");

        @Bean
        @Primary
        Clock testClock() {
            return new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
        }

        @Bean
        @Primary
        WebhookTargetPolicy testTargets() {
            return new WebhookTargetPolicy(true, host -> host.equals("flaky.example")
                    ? List.of(InetAddress.getByName(flakyAddress.get())) : List.of(InetAddress.getByName(host)));
        }
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    String receiverUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    void publishDeposit(String merchantId, EventEnvelope event) throws Exception {
        kafka.send(new ProducerRecord<>(topics.of(Topics.DEPOSITS), event.aggregateId(), EventJson.write(event))).get();
    }

    @Test
    void aDepositEventBecomesOneSignedWebhookThatAnIndependentReceiverVerifies() throws Exception {
        String[] merchant = createMerchant("Hooked Ltd");
        JsonNode endpoint = JSON.readTree(call(merchant[1], "POST", "/v1/webhook-endpoints",
                "{\"url\":\"" + receiverUrl() + "\",\"event_types\":[\"deposit.confirmed\"]}").body());
        String secret = endpoint.path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        EventEnvelope event = EventEnvelope.of(new DepositConfirmed("dep_1", merchant[0], "tron", "tron-devnet",
                "aa11", 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT", "5000000", "TDeposit"), Instant.now());
        received.clear();

        publishDeposit(merchant[0], event);
        publishDeposit(merchant[0], event);
        await().atMost(Duration.ofSeconds(30)).until(() -> events(merchant[1]).size() == 1);
        dispatcher.dispatchOnce();
        dispatcher.dispatchOnce();

        assertThat(received).hasSize(1);
        String signature = received.getFirst().getKey();
        byte[] body = received.getFirst().getValue();
        assertThat(WebhookReceiverSample.verify(secret, signature, body, TestClockAndDns.now.get())).isTrue();
        JsonNode payload = JSON.readTree(body);
        assertThat(payload.path("id").asString()).isEqualTo(events(merchant[1]).getFirst().path("id").asString());
        assertThat(payload.path("type").asString()).isEqualTo("deposit.confirmed");
        assertThat(payload.path("data").path("amount").asString()).isEqualTo("5000000");
        JsonNode log = JSON.readTree(call(merchant[1], "GET", "/v1/webhook-endpoints/" + endpoint.path("id")
                .asString() + "/deliveries", null).body()).path("data").get(0);
        assertThat(log.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(log.path("attempt_log").get(0).path("status_code").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(call(merchant[1], "GET", "/v1/webhook-endpoints", null).body()).toString())
                .as("the secret is shown once").doesNotContain(secret);

        assertThat(call(merchant[1], "POST", "/v1/webhook-deliveries/" + log.path("id").asString() + "/redeliver",
                null).statusCode()).isEqualTo(202);
        dispatcher.dispatchOnce();
        assertThat(received).hasSize(2);
        assertThat(JSON.readTree(received.get(1).getValue()).path("id").asString())
                .as("the event id is stable across deliveries").isEqualTo(payload.path("id").asString());
    }

    @Test
    void aFailingReceiverIsRetriedOverThreeDaysThenTheEndpointIsDisabled() throws Exception {
        String[] merchant = createMerchant("Down Ltd");
        String endpointId = JSON.readTree(call(merchant[1], "POST", "/v1/webhook-endpoints",
                "{\"url\":\"" + receiverUrl() + "\",\"event_types\":[\"*\"]}").body()).path("id").asString();
        receiverStatus.set(500);
        double disabledBefore = meters.counter("stablerail.gateway.webhooks.endpoints.disabled").count();
        try {
            publishDeposit(merchant[0], EventEnvelope.of(new DepositConfirmed("dep_2", merchant[0], "tron",
                    "tron-devnet", "bb22", 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT", "1", "TDeposit"),
                    Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> events(merchant[1]).size() == 1);
            Instant first = TestClockAndDns.now.get();
            int attempts = 0;
            // a safety stop, not an expectation: the schedule (75.6 h of delays, +0-25 % jitter each, and up to one
            // 30-minute step of lateness per attempt) can need up to ~99.5 h, which 200 steps (100 h) only just covered
            for (int step = 0; step < 400 && attempts < WebhookRetrySchedule.ATTEMPTS_MAX; step++) {
                attempts += dispatcher.dispatchOnce();
                TestClockAndDns.now.set(TestClockAndDns.now.get().plus(Duration.ofMinutes(30)));
            }
            JsonNode delivery = JSON.readTree(call(merchant[1], "GET", "/v1/webhook-endpoints/" + endpointId
                    + "/deliveries", null).body()).path("data").get(0);

            assertThat(attempts).isEqualTo(WebhookRetrySchedule.ATTEMPTS_MAX);
            assertThat(delivery.path("status").asString()).isEqualTo("FAILED");
            assertThat(delivery.path("attempt_log")).hasSize(WebhookRetrySchedule.ATTEMPTS_MAX);
            Instant last = Instant.parse(delivery.path("attempt_log").get(10).path("attempted_at").asString());
            assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofDays(3));
            JsonNode endpoint = JSON.readTree(call(merchant[1], "GET", "/v1/webhook-endpoints", null).body())
                    .path("data").get(0);
            assertThat(endpoint.path("status").asString()).isEqualTo("DISABLED");
            assertThat(meters.counter("stablerail.gateway.webhooks.endpoints.disabled").count())
                    .isEqualTo(disabledBefore + 1);
        } finally {
            receiverStatus.set(200);
        }
    }

    @Test
    void privateTargetsAreRefusedAtRegistrationAndANameThatTurnsPrivateIsRefusedAtConnectTime() throws Exception {
        String[] merchant = createMerchant("Ssrf Ltd");
        HttpResponse<String> privateTarget = call(merchant[1], "POST", "/v1/webhook-endpoints",
                "{\"url\":\"https://10.0.0.7/hooks\",\"event_types\":[\"*\"]}");
        assertThat(privateTarget.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(privateTarget.body()).path("code").asString()).isEqualTo("webhook_target_not_allowed");

        TestClockAndDns.flakyAddress.set("93.184.216.34");
        String endpointId = JSON.readTree(call(merchant[1], "POST", "/v1/webhook-endpoints",
                "{\"url\":\"https://flaky.example/hooks\",\"event_types\":[\"*\"]}").body()).path("id").asString();
        TestClockAndDns.flakyAddress.set("10.0.0.5");
        publishDeposit(merchant[0], EventEnvelope.of(new DepositConfirmed("dep_3", merchant[0], "tron",
                "tron-devnet", "cc33", 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT", "1", "TDeposit"), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> events(merchant[1]).size() == 1);
        dispatcher.dispatchOnce();

        JsonNode attempt = JSON.readTree(call(merchant[1], "GET", "/v1/webhook-endpoints/" + endpointId
                + "/deliveries", null).body()).path("data").get(0).path("attempt_log").get(0);
        assertThat(attempt.path("succeeded").asBoolean()).isFalse();
        assertThat(attempt.path("error").asString()).contains("10.0.0.5");
        assertThat(attempt.path("status_code").isNull()).as("no request was sent").isTrue();
    }

    List<JsonNode> events(String token) throws Exception {
        return JSON.readTree(call(token, "GET", "/v1/events?limit=100", null).body()).path("data").valueStream()
                .toList();
    }

    /** Creates a merchant with a key; returns {merchant id, token}. */
    String[] createMerchant(String name) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String opsToken = "ops-test-token-not-a-secret";
            JsonNode merchant = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ops/api/merchants")).header("Authorization", "Bearer " + opsToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode key = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ops/api/merchants/" + merchant.path("id").asString() + "/api-keys"))
                    .header("Authorization", "Bearer " + opsToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scopes\":[\"read\",\"write\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return new String[] {merchant.path("id").asString(), key.path("token").asString()};
        }
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hooks", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (receiverStatus.get() == 200) {
                    received.add(Map.entry(exchange.getRequestHeaders().getFirst("StableRail-Signature"), body));
                }
                exchange.sendResponseHeaders(receiverStatus.get(), -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
