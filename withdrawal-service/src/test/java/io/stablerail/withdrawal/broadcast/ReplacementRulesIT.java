package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.withdrawal.support.ScriptedTestChain;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The broadcaster's rules around replacements on the scripted test chain (the fee arithmetic and the real node's
 * behaviour are in {@code DevnetReplacementIT}): a replacement a node refuses, what can and cannot be replaced, and
 * the database's own refusal of a replacement that does not share its nonce.
 */
class ReplacementRulesIT extends WithdrawalIntegrationTest {

    @Autowired Outcomes outcomes;
    @Autowired MeterRegistry meters;

    UUID broadcastWithdrawal(String merchant, String chainName, String to) {
        ledger().fund(merchant, "USDT", usd("10"));
        UUID id = UUID.fromString(withdraw(merchant, chainName, "USDT", to, "4").path("id").asString());
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        return id;
    }

    List<Map<String, Object>> attempts(UUID id) {
        return jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? ORDER BY attempt_no", id);
    }

    void reportStuck(Map<String, Object> attempt, String chainName) {
        Object nonce = attempt.get("nonce");
        outcomes.transactionStuck(new TransactionStuck(TrackPurpose.WITHDRAWAL, attempt.get("id").toString(),
                chainName, (String) attempt.get("txid"), nonce == null ? null : ((Number) nonce).longValue(),
                Instant.now().minusSeconds(900), 50, 1_000));
    }

    HttpResponse<String> ops(UUID id, String action, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/v1/ops/withdrawals/"
                        + id + "/transaction/" + action)).header("Content-Type", "application/json")
                .header("X-Actor", "ops-carla").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    double stuckEntered() {
        var counter = meters.find("stablerail.withdrawal.stuck.entered").tag("chain", "ethereum").counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * The node refuses the replacement as invalid: it is DEAD, the attempt it replaced is the broadcast one again,
     * the withdrawal STUCK (alerted, counted) — never FAILED, since the earlier transfer may still be mined. Ops can
     * then bump it; nothing else was ever sent.
     */
    @Test
    void aReplacementTheNodeRefusesLeavesTheEarlierAttemptAndTheWithdrawalStuck() {
        UUID id = broadcastWithdrawal("m-refused", "ethereum", EVM_DESTINATION);
        Map<String, Object> first = attempts(id).getFirst();
        reportStuck(first, "ethereum");
        double before = stuckEntered();
        chain.script(ScriptedTestChain.Fault.FAIL_FAST);

        broadcaster.runOnce();

        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("BROADCAST", "DEAD");
        assertThat(status(id)).isEqualTo("STUCK");
        assertThat(stuckEntered()).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT hold_release_pending FROM withdrawal WHERE id = ?", Boolean.class, id))
                .isFalse();
        broadcaster.runOnce();
        assertThat(attempts(id)).hasSize(2); // nothing more happens by itself

        HttpResponse<String> bumped = ops(id, "bump", "{\"max_fee_per_gas_wei\":\"500000000000\"}");
        assertThat(bumped.statusCode()).as(bumped.body()).isEqualTo(200);
        assertThat(chain.replacementRequests()).extracting(ChainSender.Replacement::bumpPercent)
                .as("ethereum's own replacement minimum (25 %), not the default 10 %").containsOnly(25);
        assertThat(status(id)).isEqualTo("BROADCAST");
        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("REPLACED", "DEAD", "BROADCAST");
        assertThat(attempts.get(2).get("replaces")).isEqualTo(first.get("id"));
        assertThat(attempts).extracting(a -> a.get("nonce")).containsOnly(first.get("nonce"));

        // the merchant heard of the first transaction and of the bump that supersedes it (the refused one was never
        // accepted by a node, so never announced)
        List<tools.jackson.databind.JsonNode> broadcasts = broadcastEvents(id);
        assertThat(broadcasts).hasSize(2);
        assertThat(broadcasts.get(0).path("payload").path("tx_hash").asString()).isEqualTo(first.get("txid"));
        assertThat(broadcasts.get(0).path("payload").path("replaces_tx_hash").isNull()).isTrue();
        assertThat(broadcasts.get(1).path("payload").path("tx_hash").asString()).isEqualTo(attempts.get(2).get("txid"));
        assertThat(broadcasts.get(1).path("payload").path("replaces_tx_hash").asString()).isEqualTo(first.get("txid"));

        // an ops cancel is a self-send, not a transfer: not announced as a broadcast
        HttpResponse<String> cancelled = ops(id, "cancel", "{}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(attempts(id)).hasSize(4);
        assertThat(broadcastEvents(id)).hasSize(2);
    }

    List<tools.jackson.databind.JsonNode> broadcastEvents(UUID id) {
        return jdbc.queryForList("SELECT payload FROM outbox_event WHERE event_type = 'withdrawal.broadcast' "
                + "AND message_key = ? ORDER BY id", String.class, id.toString()).stream()
                .map(json -> new tools.jackson.databind.ObjectMapper().readTree(json)).toList();
    }

    /** TRON has no nonces: a stuck report asks for nothing and ops cannot bump or cancel (409, nothing changed). */
    @Test
    void tronTransactionsAreNeverReplaced() {
        UUID id = broadcastWithdrawal("m-tron-stuck", "tron", TRON_DESTINATION);
        Map<String, Object> first = attempts(id).getFirst();
        reportStuck(first, "tron");
        broadcaster.runOnce();

        assertThat(jdbc.queryForObject("SELECT replace_wanted_at IS NULL FROM tx_attempt WHERE id = ?", Boolean.class,
                first.get("id"))).isTrue();
        assertThat(code(ops(id, "bump", "{\"max_fee_per_gas_wei\":\"1\"}"))).isEqualTo("409 not_replaceable");
        assertThat(code(ops(id, "cancel", "{}"))).isEqualTo("409 not_replaceable");
        assertThat(attempts(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("BROADCAST");
    }

    /** Only a BROADCAST or STUCK withdrawal has a transaction to replace; an unknown one is 404. */
    @Test
    void aWithdrawalWithoutABroadcastTransactionCannotBeBumpedOrCancelled() {
        ledger().fund("m-early", "USDT", usd("10"));
        UUID id = UUID.fromString(withdraw("m-early", "ethereum", "USDT", EVM_DESTINATION, "4").path("id")
                .asString());
        assertThat(status(id)).isEqualTo("APPROVED");

        assertThat(code(ops(id, "bump", "{\"max_fee_per_gas_wei\":\"1000\"}"))).isEqualTo("409 not_replaceable");
        assertThat(code(ops(id, "cancel", "{}"))).isEqualTo("409 not_replaceable");
        assertThat(code(ops(UUID.randomUUID(), "cancel", "{}"))).isEqualTo("404 withdrawal_not_found");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id))
                .isZero();
    }

    /**
     * Defense in depth (DESIGN rule 2): the database itself refuses a "replacement" at another nonce, or of an attempt
     * that was not marked REPLACED — either could let two transfers of one withdrawal be mined.
     */
    @Test
    void theDatabaseRefusesAReplacementThatDoesNotTakeTheSameNonce() {
        UUID id = broadcastWithdrawal("m-db-guard", "ethereum", EVM_DESTINATION);
        Map<String, Object> first = attempts(id).getFirst();
        long nonce = ((Number) first.get("nonce")).longValue();

        assertThatThrownBy(() -> insertReplacement(id, first, nonce)).as("the replaced attempt is still BROADCAST")
                .hasMessageContaining("may replace only");
        jdbc.update("UPDATE tx_attempt SET status = 'REPLACED' WHERE id = ?", first.get("id"));
        assertThatThrownBy(() -> insertReplacement(id, first, nonce + 1)).as("another nonce")
                .hasMessageContaining("may replace only");
        insertReplacement(id, first, nonce); // the one shape allowed
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("REPLACED", "SIGNED");
    }

    void insertReplacement(UUID id, Map<String, Object> replaced, long nonce) {
        jdbc.update("""
                INSERT INTO tx_attempt (id, withdrawal_id, attempt_no, chain, wallet, nonce, raw_tx, txid, fee_limit,
                    status, kind, replaces)
                VALUES (?, ?, 2, 'ethereum', ?, ?, 'raw', ?, 1, 'SIGNED', 'TRANSFER', ?)""", UUID.randomUUID(), id,
                replaced.get("wallet"), nonce, "0x" + UUID.randomUUID().toString().replace("-", ""),
                replaced.get("id"));
    }
}
