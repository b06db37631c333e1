package io.stablerail.confirmation.tracking.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ops endpoints over HTTP: listing, one row, retry of an open row, and RFC 9457 problems with stable codes. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "stablerail.confirmation.check-interval=1h")
class TrackedApiIT {

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    void row(String reference, String status) {
        boolean resolved = !status.equals("TRACKING") && !status.equals("STUCK");
        jdbc.update("""
                INSERT INTO tracked_transaction (id, purpose, reference, chain, tx_hash, token_contract, from_address,
                    to_address, amount, broadcast_at, request_event_id, status, detected_at, next_check_at, resolved_at)
                VALUES (?, 'WITHDRAWAL', ?, 'ethereum', ?, '0xdAC17F958D2ee523a2206206994597C13D831ec7', '0x01', '0x02',
                    5000000, now(), ?, ?, now(), now() + interval '1 hour', ?)""",
                UUID.randomUUID(), reference, "0x" + "ab".repeat(32), UUID.randomUUID(), status,
                resolved ? java.sql.Timestamp.from(java.time.Instant.now()) : null);
    }

    @Test
    void listsLooksUpAndRetriesOnlyOpenTransactions() throws Exception {
        row("att-open", "TRACKING");
        row("att-done", "FINAL");

        HttpResponse<String> list = get("/internal/v1/tracked?status=TRACKING&limit=10");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("att-open").doesNotContain("att-done").contains("\"amount\":\"5000000\"");

        assertThat(get("/internal/v1/tracked/WITHDRAWAL/att-done").body()).contains("\"status\":\"FINAL\"");

        HttpResponse<String> retried = post("/internal/v1/tracked/WITHDRAWAL/att-open/retry");
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT next_check_at <= now() FROM tracked_transaction WHERE reference = ?",
                Boolean.class, "att-open")).isTrue();

        HttpResponse<String> refused = post("/internal/v1/tracked/WITHDRAWAL/att-done/retry");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"code\":\"already_resolved\"");
    }

    @Test
    void unknownReferencesAndBadParametersAreProblems() throws Exception {
        HttpResponse<String> missing = get("/internal/v1/tracked/DEPOSIT/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"code\":\"not_tracked\"");

        HttpResponse<String> tooMany = get("/internal/v1/tracked?limit=501");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"code\":\"invalid_limit\"");

        HttpResponse<String> badPurpose = get("/internal/v1/tracked/REFUND/x");
        assertThat(badPurpose.statusCode()).isEqualTo(400);
        assertThat(badPurpose.body()).contains("\"code\":\"invalid_request\"");
    }
}
