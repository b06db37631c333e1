package io.stablerail.gateway.merchants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.merchant.MerchantOnboarded;
import io.stablerail.gateway.edge.EdgeTestAccess;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating a merchant allocates its BIP-32 account index and publishes {@code merchant.onboarded} through the
 * outbox, on the real broker: one event per merchant, each with that merchant's unique index; a refused creation publishes
 * nothing; the index can never be changed or shared.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MerchantOnboardingIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String OPS_TOKEN = "ops-test-token-not-a-secret";

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired TopicNames topicNames;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
    }

    HttpResponse<String> createMerchant(String body) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/merchants"))
                    .header("Authorization", "Bearer " + OPS_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void eachNewMerchantGetsAUniqueAccountIndexAndOneMerchantOnboardedEventOnTheMerchantsTopic() throws Exception {
        List<JsonNode> created = new ArrayList<>();
        for (String name : List.of("Alpha Ltd", "Beta Ltd", "Gamma Ltd")) {
            HttpResponse<String> response = createMerchant("{\"name\":\"" + name + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            created.add(JSON.readTree(response.body()));
        }
        Set<Integer> indexes = new HashSet<>();
        for (JsonNode merchant : created) {
            int index = merchant.path("account_index").asInt(-1);
            assertThat(index).as("account index of " + merchant).isBetween(1, Integer.MAX_VALUE);
            indexes.add(index);
            assertThat(jdbc.queryForObject("SELECT account_index FROM merchant WHERE id = ?", Integer.class,
                    merchant.path("id").asString())).isEqualTo(index);
        }
        assertThat(indexes).as("unique indexes").hasSize(3);

        Map<String, List<EventEnvelope>> published = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            published.clear();
            for (EventEnvelope event : merchantsTopic()) {
                published.computeIfAbsent(event.aggregateId(), k -> new ArrayList<>()).add(event);
            }
            return created.stream().allMatch(m -> published.containsKey(m.path("id").asString()));
        });
        for (JsonNode merchant : created) {
            List<EventEnvelope> events = published.get(merchant.path("id").asString());
            assertThat(events).as("one event for " + merchant).hasSize(1);
            EventEnvelope event = events.getFirst();
            assertThat(event.type()).isEqualTo("merchant.onboarded");
            assertThat(event.version()).isEqualTo(1);
            MerchantOnboarded onboarded = event.payloadAs(MerchantOnboarded.class);
            assertThat(onboarded.merchantId()).isEqualTo(merchant.path("id").asString());
            assertThat(onboarded.accountIndex()).isEqualTo(merchant.path("account_index").asInt());
            assertThat(event.payload().has("account_index")).as("snake_case payload " + event.payload()).isTrue();
        }
    }

    HttpResponse<String> announce(String merchantId, boolean withToken) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ops/api/merchants/" + merchantId + "/announce")).POST(HttpRequest.BodyPublishers.noBody());
            if (withToken) {
                request.header("Authorization", "Bearer " + OPS_TOKEN);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void opsAnnounceAnExistingMerchantAgainWithItsOwnAccountIndex() throws Exception {
        JsonNode merchant = JSON.readTree(createMerchant("{\"name\":\"Again Ltd\"}").body());
        String id = merchant.path("id").asString();
        int index = merchant.path("account_index").asInt();
        long outboxBefore = jdbc.queryForObject("SELECT count(*) FROM outbox_event", Long.class);

        assertThat(announce(id, false).statusCode()).as("ops token required").isEqualTo(401);
        HttpResponse<String> unknown = announce("mer_NoSuchMerchant00", true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asString()).isEqualTo("resource_missing");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event", Long.class))
                .as("refusals announce nothing").isEqualTo(outboxBefore);

        HttpResponse<String> again = announce(id, true);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("account_index").asInt()).isEqualTo(index);

        List<EventEnvelope> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            events.clear();
            merchantsTopic().stream().filter(e -> e.aggregateId().equals(id)).forEach(events::add);
            return events.size() == 2;
        });
        assertThat(events).extracting(e -> e.payloadAs(MerchantOnboarded.class))
                .containsExactly(new MerchantOnboarded(id, index), new MerchantOnboarded(id, index));
        assertThat(events.get(0).eventId()).as("a new event, not a redelivery").isNotEqualTo(events.get(1).eventId());
        assertThat(jdbc.queryForObject("SELECT account_index FROM merchant WHERE id = ?", Integer.class, id))
                .isEqualTo(index);
    }

    @Test
    void aRefusedMerchantIsNeitherStoredNorAnnounced() throws Exception {
        long merchantsBefore = jdbc.queryForObject("SELECT count(*) FROM merchant", Long.class);
        long outboxBefore = jdbc.queryForObject("SELECT count(*) FROM outbox_event", Long.class);

        HttpResponse<String> refused = createMerchant("{\"name\":\"\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("code").asString()).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merchant", Long.class)).isEqualTo(merchantsBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event", Long.class)).isEqualTo(outboxBefore);
    }

    @Test
    void anAccountIndexIsNeverChangedNorShared() throws Exception {
        JsonNode first = JSON.readTree(createMerchant("{\"name\":\"Fixed Ltd\"}").body());
        JsonNode second = JSON.readTree(createMerchant("{\"name\":\"Other Ltd\"}").body());

        assertThatThrownBy(() -> jdbc.update("UPDATE merchant SET account_index = account_index + 1000000 WHERE id = ?",
                first.path("id").asString())).hasMessageContaining("never changed");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO merchant (id, name, status, account_index) "
                + "VALUES ('mer_AAAAAAAAAAAAAAAA', 'Copy', 'ACTIVE', ?)", second.path("account_index").asInt()))
                .hasMessageContaining("merchant_account_index_unique");
        assertThat(jdbc.queryForObject("SELECT account_index FROM merchant WHERE id = ?", Integer.class,
                first.path("id").asString())).isEqualTo(first.path("account_index").asInt());
    }

    private List<EventEnvelope> merchantsTopic() {
        String topic = topicNames.of(Topics.MERCHANTS);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<EventEnvelope> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && !end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope event = EventJson.read(record.value());
                    assertThat(record.key()).isEqualTo(event.aggregateId());
                    events.add(event);
                }
            }
        }
        return events;
    }
}
