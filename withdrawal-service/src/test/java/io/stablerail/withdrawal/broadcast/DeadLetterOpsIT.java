package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetterGauges;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The ops DLQ endpoints every service gets from common-messaging, on this service's real consumer of confirmation
 * outcomes: a poison record is dead-lettered, seen in the list and the gauge, and a replay sends it back through the
 * consumer (which dead-letters it again: it is still poison). Bad requests are problem details and change nothing.
 */
class DeadLetterOpsIT extends WithdrawalIntegrationTest {

    static final String BASE = "/internal/v1/ops/dead-letters";

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired DeadLetterGauges gauges;
    @Autowired MeterRegistry meters;

    @Test
    void poisonIsInspectedCountedAndReplayedThroughTheConsumer() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        kafka.send(topicNames.of(Topics.TRANSACTIONS), marker, "{\"not\":\"an event envelope\",\"m\":\"" + marker
                + "\"}").get();

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> find(marker, 0), n -> n != null);
        assertThat(letter.path("original_topic").asString()).isEqualTo(topicNames.of(Topics.TRANSACTIONS));
        assertThat(letter.path("exception_class").asString()).contains("MalformedEventException");
        long before = sizeOfTransactionsDlt();
        assertThat(before).isPositive();
        gauges.refresh();
        assertThat(meters.get("stablerail.messaging.dead_letters").tag("topic", Topics.TRANSACTIONS).gauge().value())
                .isEqualTo(before);

        HttpResponse<String> replay = post(BASE + "/" + Topics.TRANSACTIONS + "/" + letter.path("partition").asInt()
                + "/" + letter.path("offset").asLong() + "/replay", "ops-alice");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("key").asString()).isEqualTo(marker);
        // back through the real consumer, which refuses it again: a second dead letter with the same record
        await().atMost(Duration.ofSeconds(30)).until(() -> find(marker, 1), n -> n != null);
        assertThat(sizeOfTransactionsDlt()).isEqualTo(before + 1);
    }

    @Test
    void badRequestsAreProblemDetailsAndReplayNothing() throws Exception {
        long before = sizeOfTransactionsDlt();

        assertProblem(get(BASE + "/no.such.topic"), 404, "unknown_topic");
        assertProblem(get(BASE + "/" + Topics.TRANSACTIONS + "?limit=0"), 400, "invalid_request");
        assertProblem(get(BASE + "/" + Topics.TRANSACTIONS + "?limit=501"), 400, "invalid_request");
        assertProblem(get(BASE + "/" + Topics.TRANSACTIONS + "?limit=x"), 400, "invalid_request");
        assertProblem(post(BASE + "/" + Topics.TRANSACTIONS + "/0/0/replay", null), 400, "actor_required");
        assertProblem(post(BASE + "/" + Topics.TRANSACTIONS + "/0/999999/replay", "ops-alice"), 404,
                "dead_letter_not_found");
        assertProblem(post(BASE + "/no.such.topic/0/0/replay", "ops-alice"), 404, "unknown_topic");

        assertThat(sizeOfTransactionsDlt()).isEqualTo(before);
    }

    private JsonNode find(String key, int index) {
        int seen = 0;
        for (JsonNode letter : JSON.readTree(get(BASE + "/" + Topics.TRANSACTIONS + "?limit=500").body())) {
            if (key.equals(letter.path("key").asString()) && seen++ == index) {
                return letter;
            }
        }
        return null;
    }

    private long sizeOfTransactionsDlt() {
        for (JsonNode topic : JSON.readTree(get(BASE).body())) {
            if (topic.path("topic").asString().equals(Topics.TRANSACTIONS)) {
                return topic.path("dead_letters").asLong();
            }
        }
        throw new AssertionError("no row for " + Topics.TRANSACTIONS);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }
}
