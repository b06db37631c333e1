package io.stablerail.gateway.edge;

import static io.stablerail.gateway.edge.EdgeTestSupport.JSON;
import static io.stablerail.gateway.edge.EdgeTestSupport.OPS_TOKEN;
import static io.stablerail.gateway.edge.EdgeTestSupport.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The suite's dead-letter topics through the gateway's ops API ({@code /ops/api/dead-letters}): behind the ops token,
 * list, inspect, replay with {@code X-Actor}, problem details; the internal DLQ path is not served by the public edge,
 * and spellings of an ops or merchant path that the authentication filter could miss (percent-encoded, path parameters,
 * doubled slashes) never reach a handler without a credential — before the fix, {@code GET /%6Fps/api/dead-letters}
 * (and so {@code POST /%6Fps/api/merchants}) passed the filter, which compared the raw request URI.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsDeadLetterIT {

    static final Map<String, String> OPS = Map.of("Authorization", "Bearer " + OPS_TOKEN);

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topics;
    EdgeTestSupport.Api api;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256",
                () -> EdgeTestSupport.sha256Hex(OPS_TOKEN));
    }

    @BeforeEach
    void client() {
        api = new EdgeTestSupport.Api(port);
    }

    JsonNode deadLetters(String topic) throws Exception {
        HttpResponse<String> response = api.send("GET", "/ops/api/dead-letters/" + topic + "?limit=500", null, OPS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    JsonNode find(JsonNode letters, String value) {
        for (JsonNode letter : letters) {
            if (letter.path("value").asString().equals(value)) {
                return letter;
            }
        }
        return null;
    }

    @Test
    void opsInspectAndReplayTheSuitesDeadLettersWithTheOpsTokenOnly() throws Exception {
        // the gateway's own webhook intake consumes the deposits topic: a record that is no event goes to its DLT
        String poison = "not an event " + UUID.randomUUID();
        kafka.send(topics.of(Topics.DEPOSITS), "poison-key", poison).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> find(deadLetters(Topics.DEPOSITS), poison) != null);
        JsonNode letter = find(deadLetters(Topics.DEPOSITS), poison);
        assertThat(letter.path("original_topic").asString()).isEqualTo(topics.of(Topics.DEPOSITS));
        assertThat(letter.path("key").asString()).isEqualTo("poison-key");
        assertThat(letter.path("exception_message").asString()).isNotBlank();

        HttpResponse<String> summary = api.send("GET", "/ops/api/dead-letters", null, OPS);
        assertThat(summary.statusCode()).isEqualTo(200);
        JsonNode deposits = null;
        for (JsonNode row : JSON.readTree(summary.body())) {
            if (row.path("topic").asString().equals(Topics.DEPOSITS)) {
                deposits = row;
            }
        }
        assertThat(deposits).as(summary.body()).isNotNull();
        assertThat(deposits.path("dead_letters").asLong()).isPositive();

        String replayPath = "/ops/api/dead-letters/" + Topics.DEPOSITS + "/" + letter.path("partition").asInt() + "/"
                + letter.path("offset").asLong() + "/replay";
        // no "X-Actor required" case here any more: the edge names the authenticated actor itself (OpsUsersIT)
        assertThat(code(api.send("POST", replayPath, null, Map.of("X-Actor", "alice"))))
                .as("no ops token").isEqualTo("401 unauthorized");
        HttpResponse<String> replayed = api.send("POST", replayPath, null, Map.of("Authorization",
                "Bearer " + OPS_TOKEN, "X-Actor", "alice"));
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).path("value").asString()).isEqualTo(poison);
        // replayed to the deposits topic, still poison: dead-lettered a second time
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            int copies = 0;
            for (JsonNode l : deadLetters(Topics.DEPOSITS)) {
                copies += l.path("value").asString().equals(poison) ? 1 : 0;
            }
            return copies == 2;
        });

        assertThat(code(api.send("GET", "/ops/api/dead-letters/stablerail.nothing.v1", null, OPS)))
                .isEqualTo("404 unknown_topic");
        assertThat(code(api.send("GET", "/ops/api/dead-letters/" + Topics.DEPOSITS + "?limit=0", null, OPS)))
                .isEqualTo("400 invalid_request");
        assertThat(code(api.send("POST", "/ops/api/dead-letters/" + Topics.DEPOSITS + "/0/999999999/replay", null,
                Map.of("Authorization", "Bearer " + OPS_TOKEN, "X-Actor", "alice"))))
                .isEqualTo("404 dead_letter_not_found");
    }

    @Test
    void withoutTheOpsTokenNothingIsShownWhateverThePathsSpelling() throws Exception {
        for (String path : new String[] {"/ops/api/dead-letters", "/ops/api/dead-letters/" + Topics.DEPOSITS,
                "/%6Fps/api/dead-letters", "/ops/%61pi/dead-letters/" + Topics.DEPOSITS,
                "/ops/api;x=1/dead-letters", "/ops;x/api/dead-letters", "/ops//api/dead-letters",
                "/internal/v1/ops/dead-letters", "/internal/v1/ops/dead-letters/" + Topics.DEPOSITS,
                "/%69nternal/v1/ops/dead-letters", "/internal;x/v1/ops/dead-letters"}) {
            HttpResponse<String> response = api.send("GET", path, null, Map.of());
            assertThat(response.statusCode()).as(path + " → " + response.body()).isIn(400, 401, 404);
            assertThat(response.body()).as(path).doesNotContain("dead_letters").doesNotContain("original_topic");
        }
        for (String path : new String[] {"/%6Fps/api/merchants", "/ops/api;x=1/merchants", "/ops;x/api/merchants"}) {
            HttpResponse<String> response = api.send("POST", path, "{\"name\":\"Sneaky Ltd\"}", Map.of());
            assertThat(response.statusCode()).as(path + " → " + response.body()).isIn(400, 401, 404);
        }
        for (String path : new String[] {"/%761/balances", "/v1;x/balances", "/v1//balances"}) {
            HttpResponse<String> response = api.send("GET", path, null, Map.of());
            assertThat(response.statusCode()).as(path + " → " + response.body()).isIn(400, 401, 404);
        }
    }
}
