package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Policy with the test limits of {@link WithdrawalIntegrationTest}: one approval above 1,000, four-eyes above 5,000,
 * 20,000 per transaction, 30 a day for {@code m-limited}, a 1 h cool-down for {@code m-cooldown}.
 */
class WithdrawalPolicyIT extends WithdrawalIntegrationTest {

    UUID withdrawFunded(String merchant, String amount) {
        ledger().fund(merchant, "USDT", usd(amount));
        return UUID.fromString(withdraw(merchant, "ethereum", "USDT", EVM_DESTINATION, amount).path("id").asString());
    }

    String approve(UUID id, String actor) {
        HttpResponse<String> response = post("/internal/v1/ops/withdrawals/" + id + "/approve", actor);
        return response.statusCode() == 200 ? "200 " + json(response).path("status").asString() : code(response);
    }

    @Test
    void aboveTheThresholdOneOpsApprovalByAnotherPersonIsNeeded() {
        UUID id = withdrawFunded("m-approve", "1000.000001");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");

        assertThat(approve(id, "merchant:m-approve")).isEqualTo("403 approver_is_requester");
        assertThat(approve(id, null)).isEqualTo("400 invalid_request");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");
        broadcaster.runOnce();
        assertThat(chain.transfersOf(id)).isEmpty();

        assertThat(approve(id, "ops-alice")).isEqualTo("200 APPROVED");
        broadcaster.runOnce();
        assertThat(chain.transfersOf(id)).hasSize(1);
    }

    @Test
    void aboveTheSecondThresholdTwoDistinctApproversAreNeeded() {
        UUID id = withdrawFunded("m-foureyes", "5000.01");

        assertThat(approve(id, "ops-alice")).isEqualTo("200 PENDING_APPROVAL");
        assertThat(approve(id, "ops-alice")).isEqualTo("409 already_approved");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");
        assertThat(approve(id, "ops-bob")).isEqualTo("200 APPROVED");
        assertThat(approve(id, "ops-carol")).isEqualTo("409 not_pending_approval");
        assertThat(jdbc.queryForList("SELECT payload FROM outbox_event WHERE event_type = 'withdrawal.approved' "
                + "AND message_key = ?", String.class, id.toString())).singleElement().asString()
                .contains("\"approvers\":[\"ops-alice\",\"ops-bob\"]");
    }

    @Test
    void opsRejectionVoidsTheHold() {
        UUID id = withdrawFunded("m-opsreject", "2000");

        HttpResponse<String> rejected = post("/internal/v1/ops/withdrawals/" + id + "/reject", "ops-alice");

        assertThat(json(rejected).path("status").asString()).isEqualTo("REJECTED");
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
        assertThat(ledger().available("m-opsreject", "USDT")).isEqualTo(usd("2000"));
    }

    @Test
    void cancelIsAllowedUntilSignedAndVoidsTheHold() {
        UUID cancelled = withdrawFunded("m-cancel", "5");
        HttpResponse<String> cancel = post("/internal/v1/merchants/m-cancel/withdrawals/" + cancelled + "/cancel",
                null);
        assertThat(json(cancel).path("status").asString()).isEqualTo("CANCELLED");
        assertThat(ledger().hold(Withdrawal.holdIdOf(cancelled)).path("status").asString()).isEqualTo("VOIDED");
        broadcaster.runOnce();
        assertThat(chain.transfersOf(cancelled)).isEmpty();

        UUID signed = withdrawFunded("m-cancel", "6");
        broadcaster.runOnce();
        assertThat(status(signed)).isEqualTo("BROADCAST");
        assertThat(code(post("/internal/v1/merchants/m-cancel/withdrawals/" + signed + "/cancel", null)))
                .isEqualTo("409 not_cancellable");
        assertThat(code(post("/internal/v1/merchants/m-other/withdrawals/" + signed + "/cancel", null)))
                .isEqualTo("404 withdrawal_not_found");
        assertThat(ledger().hold(Withdrawal.holdIdOf(signed)).path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void perTransactionAndDailyLimitsRefuseAndStoreNothing() {
        ledger().fund("m-big", "USDT", usd("30000"));
        assertThat(code(requestWithdrawal("m-big", "k", body("ethereum", "USDT", EVM_DESTINATION, "20000.000001"))))
                .isEqualTo("422 limit_exceeded");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE merchant_id = 'm-big'", Long.class))
                .isZero();

        ledger().fund("m-limited", "USDT", usd("100"));
        withdraw("m-limited", "ethereum", "USDT", EVM_DESTINATION, "20");
        UUID ten = UUID.fromString(withdraw("m-limited", "ethereum", "USDT", EVM_DESTINATION, "10").path("id")
                .asString());
        assertThat(code(requestWithdrawal("m-limited", "over", body("ethereum", "USDT", EVM_DESTINATION,
                "0.000001")))).isEqualTo("422 limit_exceeded");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE merchant_id = 'm-limited'", Long.class))
                .isEqualTo(2);

        post("/internal/v1/merchants/m-limited/withdrawals/" + ten + "/cancel", null);
        withdraw("m-limited", "ethereum", "USDT", EVM_DESTINATION, "10"); // a cancelled one does not count
    }

    @Test
    void aNewDestinationIsPaidOnlyAfterItsCoolDown() {
        UUID id = withdrawFunded("m-cooldown", "3");
        assertThat(status(id)).isEqualTo("APPROVED");

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("APPROVED");
        assertThat(chain.transfersOf(id)).isEmpty();
        jdbc.update("UPDATE address_book_entry SET usable_from = now() - interval '1 second' "
                + "WHERE merchant_id = 'm-cooldown'");
        jdbc.update("UPDATE withdrawal SET not_before = now() - interval '1 second' WHERE id = ?", id);
        broadcaster.runOnce();
        assertThat(chain.transfersOf(id)).hasSize(1);
    }

    @Test
    void aDestinationRegisteredAheadStartsItsCoolDownThen() {
        HttpResponse<String> added = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + port + "/internal/v1/merchants/m-cooldown/address-book")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"chain\":\"tron\",\"address\":\""
                        + TRON_DESTINATION + "\"}")).build());
        HttpResponse<String> bad = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + port + "/internal/v1/merchants/m-cooldown/address-book")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"chain\":\"tron\",\"address\":\""
                        + EVM_DESTINATION + "\"}")).build());

        assertThat(added.statusCode()).isEqualTo(200);
        java.time.Instant usableFrom = java.time.Instant.parse(json(added).path("usable_from").asString());
        assertThat(usableFrom).isAfter(java.time.Instant.now().plusSeconds(3500));
        assertThat(code(bad)).isEqualTo("422 invalid_address");
        ledger().fund("m-cooldown", "USDT", usd("1"));
        UUID id = UUID.fromString(withdraw("m-cooldown", "tron", "USDT", TRON_DESTINATION, "1").path("id").asString());
        assertThat(jdbc.queryForObject("SELECT not_before FROM withdrawal WHERE id = ?", java.sql.Timestamp.class, id)
                .toInstant()).isEqualTo(usableFrom);
    }

    @Test
    void concurrentRequestsCannotTogetherOvershootTheDailyLimit() throws Exception {
        // m-limited-race has the default daily limit of 100,000; 12 requests of 9,000 → at most 11 fit
        java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        ledger().fund("m-limited-race", "USDT", usd("120000"));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) {
                String key = "race-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return requestWithdrawal("m-limited-race", key, body("ethereum", "USDT", EVM_DESTINATION, "9000"));
                }));
            }
            start.countDown();
            int accepted = 0;
            int refused = 0;
            for (var answer : answers) {
                HttpResponse<String> response = answer.get();
                if (response.statusCode() == 201) {
                    accepted++;
                } else {
                    assertThat(code(response)).isEqualTo("422 limit_exceeded");
                    refused++;
                }
            }
            assertThat(accepted).isEqualTo(11);
            assertThat(refused).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT sum(amount_minor) FROM withdrawal WHERE merchant_id = 'm-limited-race'",
                java.math.BigDecimal.class)).isEqualByComparingTo("99000000000");
    }
}
