package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Intake against the real ledger: idempotency, validation, funds holds. */
class WithdrawalIntakeIT extends WithdrawalIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired Withdrawals withdrawals;

    @Test
    void newWithdrawalReservesItsDerivedHoldAndSameKeyAndBodyReturnsTheSameWithdrawal() {
        ledger().fund("m-intake", "USDT", usd("100"));
        String body = body("ethereum", "USDT", EVM_DESTINATION, "12.5");

        HttpResponse<String> created = requestWithdrawal("m-intake", "key-1", body);
        HttpResponse<String> replayed = requestWithdrawal("m-intake", "key-1", body);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        JsonNode withdrawal = json(created);
        assertThat(json(replayed).path("id").asString()).isEqualTo(withdrawal.path("id").asString());
        assertThat(withdrawal.path("status").asString()).isEqualTo("APPROVED");
        assertThat(withdrawal.path("amount_minor").asString()).isEqualTo("12500000");
        assertThat(withdrawal.path("network_fee").asString()).as("absorbed by the platform").isEqualTo("0.000000");
        assertThat(withdrawal.path("network_fee_minor").asString()).isEqualTo("0");
        assertThat(withdrawal.path("tx_hash").isNull()).as("nothing signed yet").isTrue();
        UUID id = UUID.fromString(withdrawal.path("id").asString());
        UUID holdId = UUID.fromString(withdrawal.path("hold_id").asString());
        assertThat(holdId).isEqualTo(Withdrawal.holdIdOf(id));
        JsonNode hold = ledger().hold(holdId);
        assertThat(hold.path("status").asString()).isEqualTo("PENDING");
        assertThat(hold.path("amount").asString()).isEqualTo("12500000");
        assertThat(ledger().available("m-intake", "USDT")).isEqualTo(usd("87.5"));
        assertThat(ledger().held("m-intake", "USDT")).isEqualTo(usd("12.5"));
    }

    @Test
    void sameKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        ledger().fund("m-reuse", "USDT", usd("100"));
        assertThat(requestWithdrawal("m-reuse", "key-r", body("ethereum", "USDT", EVM_DESTINATION, "1"))
                .statusCode()).isEqualTo(201);

        HttpResponse<String> reused = requestWithdrawal("m-reuse", "key-r",
                body("ethereum", "USDT", EVM_DESTINATION, "2"));

        assertThat(code(reused)).isEqualTo("422 idempotency_key_reused");
        assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE merchant_id = 'm-reuse'", Long.class))
                .isEqualTo(1);
        assertThat(ledger().held("m-reuse", "USDT")).isEqualTo(usd("1"));
    }

    @Test
    void concurrentIdenticalRequestsMakeOneWithdrawalAndOneHold() throws Exception {
        ledger().fund("m-race", "USDT", usd("100"));
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return requestWithdrawal("m-race", "key-race", body("ethereum", "USDT", EVM_DESTINATION, "10"));
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            int created = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
                ids.add(json(response).path("id").asString());
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).containsOnly(ids.getFirst());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE merchant_id = 'm-race'", Long.class))
                .isEqualTo(1);
        assertThat(ledger().held("m-race", "USDT")).isEqualTo(usd("10"));
        assertThat(ledger().available("m-race", "USDT")).isEqualTo(usd("90"));
    }

    @Test
    void insufficientFundsRejectsTheWithdrawalWithoutAHold() {
        ledger().fund("m-poor", "USDT", usd("5"));

        HttpResponse<String> refused = requestWithdrawal("m-poor", "key-p", body("tron", "USDT", TRON_DESTINATION,
                "5.000001"));
        HttpResponse<String> again = requestWithdrawal("m-poor", "key-p", body("tron", "USDT", TRON_DESTINATION,
                "5.000001"));

        assertThat(code(refused)).isEqualTo("422 insufficient_funds");
        assertThat(code(again)).isEqualTo("422 insufficient_funds");
        UUID id = UUID.fromString(json(refused).path("withdrawal_id").asString());
        assertThat(json(again).path("withdrawal_id").asString()).isEqualTo(id.toString());
        assertThat(status(id)).isEqualTo("REJECTED");
        assertThat(ledger().hold(Withdrawal.holdIdOf(id))).isNull();
        assertThat(ledger().available("m-poor", "USDT")).isEqualTo(usd("5"));
    }

    @Test
    void badInputIsRefusedWithProblemDetailsAndStoresNothing() {
        ledger().fund("m-bad", "USDT", usd("100"));
        String lowerCaseValid = EVM_DESTINATION.toLowerCase(java.util.Locale.ROOT);
        String brokenChecksum = EVM_DESTINATION.replace("aAeb", "aaeb");
        String brokenBase58 = TRON_DESTINATION.substring(0, 33) + (TRON_DESTINATION.endsWith("A") ? "B" : "A");

        assertThat(code(requestWithdrawal("m-bad", null, body("ethereum", "USDT", EVM_DESTINATION, "1"))))
                .isEqualTo("400 idempotency_key_required");
        assertThat(code(requestWithdrawal("m-bad", "b1", body("ethereum", "USDT", brokenChecksum, "1"))))
                .isEqualTo("422 invalid_address");
        assertThat(code(requestWithdrawal("m-bad", "b2", body("tron", "USDT", brokenBase58, "1"))))
                .isEqualTo("422 invalid_address");
        assertThat(code(requestWithdrawal("m-bad", "b3", body("tron", "USDT", EVM_DESTINATION, "1"))))
                .isEqualTo("422 invalid_address");
        assertThat(code(requestWithdrawal("m-bad", "b4", body("ethereum", "USDT", EVM_DESTINATION, "0"))))
                .isEqualTo("422 invalid_amount");
        assertThat(code(requestWithdrawal("m-bad", "b5", body("ethereum", "USDT", EVM_DESTINATION, "-1"))))
                .isEqualTo("422 invalid_amount");
        assertThat(code(requestWithdrawal("m-bad", "b6", body("ethereum", "USDT", EVM_DESTINATION, "1.0000001"))))
                .isEqualTo("422 invalid_amount");
        assertThat(code(requestWithdrawal("m-bad", "b7", body("ethereum", "USDT", EVM_DESTINATION, "1e3"))))
                .isEqualTo("422 invalid_amount");
        assertThat(code(requestWithdrawal("m-bad", "b8", body("bitcoin", "USDT", EVM_DESTINATION, "1"))))
                .isEqualTo("422 unsupported_chain");
        assertThat(code(requestWithdrawal("m-bad", "b9", body("tron", "USDC", TRON_DESTINATION, "1"))))
                .isEqualTo("422 unsupported_asset");
        assertThat(code(requestWithdrawal("m-bad", "b10", body("ethereum", "USDT", EVM_HOT_WALLET, "1"))))
                .isEqualTo("422 invalid_address");
        assertThat(code(requestWithdrawal("m-bad", "b11", "{\"chain\":\"ethereum\",\"surprise\":1}")))
                .isEqualTo("400 unknown_field");
        assertThat(code(requestWithdrawal("m-bad", "b12", "{\"chain\":\"ethereum\",\"asset\":\"USDT\"}")))
                .isEqualTo("400 invalid_request");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE merchant_id = 'm-bad'", Long.class))
                .isZero();
        assertThat(ledger().available("m-bad", "USDT")).isEqualTo(usd("100"));
        // the lower-case form of a valid address has no checksum to check and is accepted, stored checksummed
        JsonNode ok = json(requestWithdrawal("m-bad", "b13", body("ethereum", "USDT", lowerCaseValid, "1")));
        assertThat(ok.path("to_address").asString()).isEqualTo(EVM_DESTINATION);
    }

    /**
     * A merchant lists its own withdrawals, oldest first, a page at a time: the cursor continues after the last one,
     * the last page has no cursor; another merchant's are never listed; ops list every merchant's by status; a cursor,
     * limit or status this API does not take is a 400 problem.
     */
    @Test
    void merchantsListTheirWithdrawalsAndOpsListThemByStatusAPageAtATime() {
        ledger().fund("m-listing", "USDT", usd("10"));
        ledger().fund("m-listing-other", "USDT", usd("10"));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(withdraw("m-listing", "ethereum", "USDT", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "1." + i)
                    .path("id").asString());
        }
        withdraw("m-listing-other", "ethereum", "USDT", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "2");

        JsonNode first = list("m-listing", "?limit=2");
        assertThat(first.path("withdrawals").valueStream().map(w -> w.path("id").asString()).toList())
                .containsExactly(ids.get(0), ids.get(1));
        assertThat(first.path("withdrawals").get(0).path("amount").asString()).isEqualTo("1.100000");
        assertThat(first.path("withdrawals").get(0).has("tx_hash")).isTrue();
        String cursor = first.path("next_cursor").asString();
        assertThat(cursor).isNotBlank();
        JsonNode second = list("m-listing", "?limit=2&cursor=" + cursor);
        assertThat(second.path("withdrawals").valueStream().map(w -> w.path("id").asString()).toList())
                .containsExactly(ids.get(2));
        assertThat(second.path("next_cursor").isNull() || second.path("next_cursor").isMissingNode()).isTrue();

        // ops: every merchant's withdrawals in one status, paged the same way
        List<String> approved = new ArrayList<>();
        String opsCursor = null;
        do {
            JsonNode page = get("/internal/v1/ops/withdrawals?status=APPROVED&limit=3"
                    + (opsCursor == null ? "" : "&cursor=" + opsCursor));
            page.path("withdrawals").valueStream().forEach(w -> {
                assertThat(w.path("status").asString()).isEqualTo("APPROVED");
                approved.add(w.path("id").asString());
            });
            opsCursor = page.path("next_cursor").isString() ? page.path("next_cursor").asString() : null;
        } while (opsCursor != null);
        assertThat(approved).doesNotHaveDuplicates().containsSubsequence(ids);
        assertThat(get("/internal/v1/ops/withdrawals?status=REJECTED&limit=100").path("withdrawals").valueStream()
                .map(w -> w.path("id").asString())).doesNotContainAnyElementsOf(ids);

        for (String bad : List.of("?cursor=42", "?cursor=1_" + ids.get(0) + "x", "?limit=0", "?limit=101")) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/internal/v1/merchants/m-listing/withdrawals" + bad)).GET().build());
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("invalid_request");
        }
        HttpResponse<String> unknownStatus = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/internal/v1/ops/withdrawals?status=LOST")).GET().build());
        assertThat(unknownStatus.statusCode()).isEqualTo(400);
        assertThat(unknownStatus.body()).contains("invalid_request");
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode list(String merchant, String query) {
        return get("/internal/v1/merchants/" + merchant + "/withdrawals" + query);
    }

    @Test
    void amountsAreExactIntegersOfBaseAndMinorUnits() {
        ledger().fund("m-units", "USDC", usd("1"));
        JsonNode withdrawal = withdraw("m-units", "ethereum", "USDC", EVM_DESTINATION, "0.000001");
        assertThat(withdrawal.path("amount_minor").asString()).isEqualTo("1");
        assertThat(jdbc.queryForObject("SELECT amount_base FROM withdrawal WHERE id = ?", java.math.BigDecimal.class,
                UUID.fromString(withdrawal.path("id").asString()))).isEqualByComparingTo("1");
    }

    @Test
    void anIntentRecordedBeforeACrashIsReservedByTheRecoveryJob() {
        ledger().fund("m-crashed-intake", "USDT", usd("10"));
        UUID id = UUID.randomUUID();
        // the state a crash between "intent committed" and "ledger answered" leaves behind
        jdbc.update("""
                INSERT INTO withdrawal (id, merchant_id, idempotency_key, request_fingerprint, chain, asset,
                    token_contract, to_address, amount_minor, amount_base, hold_id, hot_wallet, status, requested_by,
                    not_before, created_at)
                VALUES (?, 'm-crashed-intake', 'k-crash', repeat('a', 64), 'ethereum', 'USDT',
                    '0xdAC17F958D2ee523a2206206994597C13D831ec7', ?, 4000000, 4000000, ?, ?, 'REQUESTED',
                    'merchant:m-crashed-intake', now(), now() - interval '1 minute')""",
                id, EVM_DESTINATION, Withdrawal.holdIdOf(id), EVM_HOT_WALLET);

        withdrawals.recoverOnce(10, java.time.Duration.ofSeconds(30));
        withdrawals.recoverOnce(10, java.time.Duration.ofSeconds(30)); // a second run changes nothing

        assertThat(status(id)).isEqualTo("APPROVED");
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("PENDING");
        assertThat(ledger().held("m-crashed-intake", "USDT")).isEqualTo(usd("4"));
    }
}
