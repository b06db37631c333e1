package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The internal HTTP API: status codes, replay header, RFC 9457 problem details with stable codes, pagination, CSV. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LedgerApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String WALLET = "{\"kind\":\"DEPOSIT_WALLET\",\"currency\":\"USDT\",\"chain\":\"tron\","
            + "\"token\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"wallet\":\"TApiWallet\"}";

    @LocalServerPort int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String depositBody(String key, String merchant, String amount) {
        return "{\"idempotency_key\":\"" + key + "\",\"type\":\"DEPOSIT\",\"reference\":\"tx-1\",\"postings\":["
                + "{\"account\":" + WALLET + ",\"amount\":\"-" + amount + "\"},"
                + "{\"account\":{\"kind\":\"MERCHANT_AVAILABLE\",\"currency\":\"USDT\",\"merchant_id\":\"" + merchant
                + "\"},\"amount\":\"" + amount + "\"}]}";
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createReplayAndConflictingEntry() throws Exception {
        HttpResponse<String> created = send("POST", "/internal/v1/entries", depositBody("api-1", "m-api", "2500000"));
        HttpResponse<String> replayed = send("POST", "/internal/v1/entries", depositBody("api-1", "m-api", "2500000"));
        HttpResponse<String> conflict = send("POST", "/internal/v1/entries", depositBody("api-1", "m-api", "2500001"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(replayed.body()).path("entry_id").asString())
                .isEqualTo(JSON.readTree(created.body()).path("entry_id").asString());
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(conflict.body()).path("code").asString()).isEqualTo("idempotency_key_reused");

        JsonNode balances = JSON.readTree(send("GET", "/internal/v1/merchants/m-api/balances", null).body());
        assertThat(balances.path("balances").get(0).path("available").asString()).isEqualTo("2500000");
    }

    @Test
    void badInputGetsProblemDetailsAndChangesNothing() throws Exception {
        HttpResponse<String> unbalanced = send("POST", "/internal/v1/entries", depositBody("api-2", "m-bad", "5")
                .replace("\"-5\"", "\"-4\""));
        HttpResponse<String> unknownField = send("POST", "/internal/v1/entries",
                depositBody("api-3", "m-bad", "5").replace("{\"idempotency_key\"", "{\"surprise\":1,\"idempotency_key\""));
        HttpResponse<String> floatAmount = send("POST", "/internal/v1/entries",
                depositBody("api-4", "m-bad", "5").replace("\"-5\"", "\"-5.0\""));
        HttpResponse<String> overdraw = send("POST", "/internal/v1/holds", "{\"hold_id\":\"" + UUID.randomUUID()
                + "\",\"merchant_id\":\"m-bad\",\"currency\":\"USDT\",\"amount\":\"1\"}");

        assertThat(code(unbalanced)).isEqualTo("400 unbalanced_entry");
        assertThat(code(unknownField)).isEqualTo("400 unknown_field");
        assertThat(code(floatAmount)).isEqualTo("400 invalid_request");
        assertThat(code(overdraw)).isEqualTo("422 insufficient_funds");
        JsonNode balances = JSON.readTree(send("GET", "/internal/v1/merchants/m-bad/balances", null).body());
        assertThat(balances.path("balances").get(0).path("total").asString()).isEqualTo("0");
    }

    @Test
    void holdLifecycleOverHttp() throws Exception {
        send("POST", "/internal/v1/entries", depositBody("api-5", "m-hold-api", "1000"));
        send("POST", "/internal/v1/entries", "{\"idempotency_key\":\"api-5-sweep\",\"type\":\"SWEEP\",\"postings\":["
                + "{\"account\":{\"kind\":\"HOT_WALLET\",\"currency\":\"USDT\",\"chain\":\"tron\",\"token\":"
                + "\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"wallet\":\"THotApi\"},\"amount\":\"-1000\"},"
                + "{\"account\":" + WALLET + ",\"amount\":\"1000\"}]}");
        UUID holdId = UUID.randomUUID();
        String hold = "{\"hold_id\":\"" + holdId + "\",\"merchant_id\":\"m-hold-api\",\"currency\":\"USDT\","
                + "\"amount\":\"700\"}";

        assertThat(send("POST", "/internal/v1/holds", hold).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/internal/v1/holds", hold).statusCode()).isEqualTo(200);
        HttpResponse<String> posted = send("POST", "/internal/v1/holds/" + holdId + "/post",
                "{\"amount\":\"600\",\"destination\":{\"kind\":\"HOT_WALLET\",\"currency\":\"USDT\",\"chain\":"
                        + "\"tron\",\"token\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"wallet\":\"THotApi\"}}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(posted.body()).path("status").asString()).isEqualTo("POSTED");
        assertThat(code(send("POST", "/internal/v1/holds/" + holdId + "/void", null)))
                .isEqualTo("409 hold_already_resolved");
        assertThat(code(send("POST", "/internal/v1/holds/" + UUID.randomUUID() + "/void", null)))
                .isEqualTo("404 hold_not_found");
        JsonNode balance = JSON.readTree(send("GET", "/internal/v1/merchants/m-hold-api/balances", null).body())
                .path("balances").get(0);
        assertThat(balance.path("available").asString()).isEqualTo("400");
        assertThat(balance.path("held").asString()).isEqualTo("0");
    }

    @Test
    void statementPagesWithACursorAndExportsCsv() throws Exception {
        for (int i = 1; i <= 5; i++) {
            send("POST", "/internal/v1/entries", depositBody("api-st-" + i, "m-statement", String.valueOf(i * 10)));
        }
        JsonNode first = JSON.readTree(send("GET",
                "/internal/v1/merchants/m-statement/statement?currency=USDT&limit=3", null).body());
        assertThat(first.path("data")).hasSize(3);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        JsonNode second = JSON.readTree(send("GET", "/internal/v1/merchants/m-statement/statement?currency=USDT"
                + "&limit=3&starting_after=" + first.path("next_cursor").asLong(), null).body());
        assertThat(second.path("data")).hasSize(2);
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(second.path("data").get(1).path("amount").asString()).isEqualTo("50");
        assertThat(code(send("GET", "/internal/v1/merchants/m-statement/statement?currency=USDT&limit=101", null)))
                .isEqualTo("400 invalid_request");

        HttpResponse<String> csv = send("GET", "/internal/v1/merchants/m-statement/statement.csv?currency=USDT", null);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines()).hasSize(6).first().asString().startsWith("cursor,recorded_at,entry_id");
        assertThat(csv.body().lines().skip(1)).allSatisfy(line -> assertThat(line).contains(",DEPOSIT,tx-1,"));
    }

    private static String code(HttpResponse<String> response) {
        return response.statusCode() + " " + JSON.readTree(response.body()).path("code").asString();
    }
}
