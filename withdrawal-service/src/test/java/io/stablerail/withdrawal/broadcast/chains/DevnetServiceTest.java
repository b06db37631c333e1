package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.support.LedgerTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What withdrawal-service's devnet tests share: the service on its random port with its schema, the in-process ledger,
 * and the steps to ask for a withdrawal and read its status and attempts. Each test class brings its own
 * {@code @SpringBootTest} settings and devnets.
 */
abstract class DevnetServiceTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A withdrawal request the service must accept (201); returns its id. */
    UUID withdraw(String merchant, String chain, String asset, String to, String amount) {
        String body = "{\"chain\":\"" + chain + "\",\"asset\":\"" + asset + "\",\"to_address\":\"" + to
                + "\",\"amount\":\"" + amount + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/v1/merchants/"
                        + merchant + "/withdrawals")).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new AssertionError("withdrawal refused: " + response.statusCode() + " " + response.body());
            }
            return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The merchant funded with twice {@code amount} of {@code asset}, then a withdrawal that is APPROVED at once. */
    UUID approvedWithdrawal(String merchant, String chain, String asset, String to, String amount) {
        ledger().fund(merchant, asset, DevnetFixtures.usd(amount).multiply(BigInteger.TWO));
        UUID id = withdraw(merchant, chain, asset, to, amount);
        assertThat(status(id)).isEqualTo("APPROVED");
        return id;
    }

    LedgerTestClient ledger() {
        return new LedgerTestClient(InProcessLedger.baseUrl());
    }

    String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM withdrawal WHERE id = ?", String.class, id);
    }

    List<Map<String, Object>> attempts(UUID id) {
        return jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? ORDER BY attempt_no", id);
    }

    Map<String, Object> onlyAttempt(UUID id) {
        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).hasSize(1);
        return attempts.getFirst();
    }
}
