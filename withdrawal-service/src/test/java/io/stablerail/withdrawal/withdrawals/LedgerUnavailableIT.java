package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.support.ScriptedTestChain;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fail closed (DESIGN rule 7): with the ledger unreachable, the intent is kept REQUESTED and no money moves. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.withdrawal.broadcast.enabled=false",
        "stablerail.withdrawal.intake.recovery-interval=1h",
        "stablerail.withdrawal.ledger.connect-timeout=500ms",
        "stablerail.withdrawal.ledger.read-timeout=500ms"})
class LedgerUnavailableIT {

    @DynamicPropertySource
    static void unreachableLedger(DynamicPropertyRegistry registry) {
        registry.add("stablerail.withdrawal.ledger.base-url", () -> "http://127.0.0.1:9"); // discard port: closed
        registry.add("stablerail.withdrawal.hot-wallets.ethereum",
                () -> ScriptedTestChain.HOT_SIGNER.evmAddress().checksummed());
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired Withdrawals withdrawals;

    HttpResponse<String> request() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/internal/v1/merchants/m-down/withdrawals")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "down-1").POST(HttpRequest.BodyPublishers.ofString("{\"chain\":\"ethereum\","
                        + "\"asset\":\"USDT\",\"to_address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
                        + "\"amount\":\"1\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIntentStaysRequestedAndTheAnswerSaysTheLedgerDidNotAnswer() throws Exception {
        HttpResponse<String> first = request();
        HttpResponse<String> replay = request();

        JsonNode problem = JsonMapper.builder().build().readTree(first.body());
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(problem.path("code").asString()).isEqualTo("funds_unavailable");
        assertThat(replay.statusCode()).isEqualTo(503);
        assertThat(JsonMapper.builder().build().readTree(replay.body()).path("withdrawal_id").asString())
                .isEqualTo(problem.path("withdrawal_id").asString());
        assertThat(jdbc.queryForList("SELECT status FROM withdrawal", String.class)).containsExactly("REQUESTED");

        withdrawals.recoverOnce(10, Duration.ZERO); // the recovery job tries again and keeps failing closed
        assertThat(jdbc.queryForList("SELECT status FROM withdrawal", String.class)).containsExactly("REQUESTED");
    }
}
