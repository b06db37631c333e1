package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.messaging.TopicNames;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * confirmation-worker's {@code transaction.dropped} over the real broker into the real consumer, then the real
 * broadcaster against the scripted test chain: a report only makes the sender LOOK; a new attempt is built only when
 * every attempt of the withdrawal that may still be mined is provably dead by the chain port (DESIGN rule 5), once,
 * however often the report comes.
 */
class DroppedTransactionIT extends WithdrawalIntegrationTest {

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;
    @Autowired Outcomes outcomes;

    UUID broadcastWithdrawal(String merchant, String chainName, String to) {
        ledger().fund(merchant, "USDT", usd("10"));
        UUID id = UUID.fromString(withdraw(merchant, chainName, "USDT", to, "6").path("id").asString());
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        return id;
    }

    List<Map<String, Object>> attempts(UUID id) {
        return jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? ORDER BY attempt_no", id);
    }

    static TransactionDropped dropped(Map<String, Object> attempt, String chainName, DropReason reason) {
        return new TransactionDropped(TrackPurpose.WITHDRAWAL, attempt.get("id").toString(), chainName,
                (String) attempt.get("txid"), reason, "test: reported dropped", 4_242);
    }

    /** Sends the envelope {@code times} times on the transactions topic and waits until the consumer recorded it. */
    void deliver(EventEnvelope envelope, int times) throws Exception {
        String topic = topicNames.of(Topics.TRANSACTIONS);
        String json = EventJson.write(envelope);
        double duplicatesBefore = duplicates();
        for (int i = 0; i < times; i++) {
            kafka.send(topic, envelope.aggregateId(), json).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM inbox_event "
                + "WHERE consumer = 'withdrawal.transactions' AND event_id = ?", Long.class, envelope.eventId()) == 1
                && duplicates() >= duplicatesBefore + times - 1);
    }

    double duplicates() {
        var counter = meters.find("stablerail.inbox.duplicates").tag("consumer", "withdrawal.transactions").counter();
        return counter == null ? 0 : counter.count();
    }

    double rebuilds(String chainName) {
        var counter = meters.find("stablerail.withdrawal.rebuilds").tag("chain", chainName).counter();
        return counter == null ? 0 : counter.count();
    }

    double unprovenAlerts(String chainName) {
        var counter = meters.find("stablerail.withdrawal.dropped.unproven").tag("chain", chainName).counter();
        return counter == null ? 0 : counter.count();
    }

    static void pause() throws InterruptedException {
        Thread.sleep(20); // past the test's 1-2 ms backoff
    }

    /**
     * TRON: the node accepted the attempt, it never reached a block, and confirmation-worker reports it dropped
     * (expired, absent at the solidified head) — twice. While our own chain port cannot prove it dead nothing is built;
     * once it can, exactly one new attempt (a new reference block) is built and sent: one transfer. The same report
     * again, under a new event id, finds the attempt DEAD and changes nothing.
     */
    @Test
    void aTronAttemptReportedDroppedIsRebuiltOnceOnlyWhenProvablyDeadAndLandsOnce() throws Exception {
        UUID id = broadcastWithdrawal("m-dropped-tron", "tron", TRON_DESTINATION);
        Map<String, Object> first = attempts(id).getFirst();
        String firstTxid = (String) first.get("txid");
        chain.forget(firstTxid); // accepted by the node, never mined
        double rebuildsBefore = rebuilds("tron");

        deliver(EventEnvelope.of(dropped(first, "tron", DropReason.EXPIRED), Instant.now()), 2);
        assertThat(jdbc.queryForObject("SELECT drop_reported_at IS NOT NULL FROM tx_attempt WHERE id = ?",
                Boolean.class, first.get("id"))).isTrue();

        // the report alone is no proof: our port does not (yet) find the attempt dead
        broadcaster.runOnce();
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("BROADCAST");
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(jdbc.queryForObject("SELECT death_checks FROM tx_attempt WHERE id = ?", Integer.class,
                first.get("id"))).isEqualTo(1);
        assertThat(rebuilds("tron")).isEqualTo(rebuildsBefore);
        assertThat(chain.transfersOf(id)).isEmpty();

        // still unproven check after check: ops are alerted once, at the tenth, and nothing is built
        double alertsBefore = unprovenAlerts("tron");
        for (int check = 2; check <= Broadcaster.DROPPED_UNPROVEN_ALERT_CHECKS + 2; check++) {
            pause();
            broadcaster.runOnce();
            assertThat(jdbc.queryForObject("SELECT death_checks FROM tx_attempt WHERE id = ?", Integer.class,
                    first.get("id"))).isEqualTo(check);
            assertThat(unprovenAlerts("tron")).as("after check " + check)
                    .isEqualTo(alertsBefore + (check >= Broadcaster.DROPPED_UNPROVEN_ALERT_CHECKS ? 1 : 0));
        }
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("BROADCAST");
        assertThat(rebuilds("tron")).isEqualTo(rebuildsBefore);

        chain.markDead(firstTxid); // the solidified head passed its expiration and it is not on chain
        pause();
        broadcaster.runOnce();

        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        assertThat(attempts.get(1).get("reference_block")).isNotEqualTo(first.get("reference_block"));
        assertThat(attempts.get(0).get("death_check_at")).isNull();
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(rebuilds("tron")).isEqualTo(rebuildsBefore + 1);
        assertThat(chain.transfersOf(id)).singleElement()
                .satisfies(t -> assertThat(t.txid()).isEqualTo(attempts.get(1).get("txid")));

        // the same report under a new event id (a replay from the DLT, a second worker): the attempt is DEAD
        deliver(EventEnvelope.of(dropped(first, "tron", DropReason.EXPIRED), Instant.now()), 1);
        pause();
        broadcaster.runOnce();
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        assertThat(rebuilds("tron")).isEqualTo(rebuildsBefore + 1);
        assertThat(chain.transfersOf(id)).hasSize(1);
    }

    /**
     * EVM: the withdrawal's first attempt was replaced (same nonce, higher fees). A dropped report for the REPLACED
     * attempt (its nonce consumed — by the replacement) must never build a third transaction while the replacement may
     * still be mined: nothing is built, nothing sent; the replacement's final then confirms the withdrawal and ends
     * the check.
     */
    @Test
    void aDroppedReportForOneAttemptBuildsNothingWhileAnotherMayStillBeMined() throws Exception {
        UUID id = broadcastWithdrawal("m-dropped-evm", "ethereum", EVM_DESTINATION);
        Map<String, Object> first = attempts(id).getFirst();
        outcomes.transactionStuck(new TransactionStuck(TrackPurpose.WITHDRAWAL, first.get("id").toString(),
                "ethereum", (String) first.get("txid"), ((Number) first.get("nonce")).longValue(),
                Instant.now().minusSeconds(900), 50, 1_000));
        broadcaster.runOnce();
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("REPLACED", "BROADCAST");
        Map<String, Object> replacement = attempts(id).get(1);
        int sent = chain.broadcastCalls().size();
        double rebuildsBefore = rebuilds("ethereum");

        chain.markDead((String) first.get("txid"));
        chain.forget((String) first.get("txid"));
        deliver(EventEnvelope.of(dropped(first, "ethereum", DropReason.NONCE_CONSUMED), Instant.now()), 2);
        broadcaster.runOnce();
        pause();
        broadcaster.runOnce();

        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("REPLACED", "BROADCAST");
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(chain.broadcastCalls()).hasSize(sent);
        assertThat(rebuilds("ethereum")).isEqualTo(rebuildsBefore);
        assertThat(jdbc.queryForObject("SELECT death_checks FROM tx_attempt WHERE id = ?", Integer.class,
                first.get("id"))).isEqualTo(2);

        outcomes.transactionFinal(new TransactionFinal(TrackPurpose.WITHDRAWAL, replacement.get("id").toString(),
                "ethereum", (String) replacement.get("txid"), 300, "0x" + "cd".repeat(32),
                "0xdAC17F958D2ee523a2206206994597C13D831ec7", EVM_HOT_WALLET, EVM_DESTINATION, "6000000", 0L,
                "21000000000000", "wei"));
        assertThat(status(id)).isEqualTo("CONFIRMED");
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "CONFIRMED");
        assertThat(attempts(id).getFirst().get("death_check_at")).isNull();
        pause();
        broadcaster.runOnce();
        assertThat(attempts(id)).hasSize(2);
        assertThat(chain.broadcastCalls()).hasSize(sent);
    }

    /**
     * Reports for a transaction that is not ours, or for an attempt that was mined, change nothing; nor does a final
     * verdict checked against the wrong checklist (a transfer attempt reported final as a self-send).
     */
    @Test
    void reportsOfUnknownOrMinedAttemptsChangeNothing() throws Exception {
        Map<String, Object> unknown = Map.of("id", UUID.randomUUID(), "txid", "0x" + "ef".repeat(32));
        deliver(EventEnvelope.of(dropped(unknown, "ethereum", DropReason.NONCE_CONSUMED), Instant.now()), 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE drop_reported_at IS NOT NULL "
                + "AND lower(txid) = lower(?)", Long.class, unknown.get("txid"))).isZero();

        UUID id = broadcastWithdrawal("m-dropped-mined", "ethereum", EVM_DESTINATION);
        Map<String, Object> attempt = attempts(id).getFirst();
        outcomes.transactionFinal(new TransactionFinal(TrackPurpose.SELF_SEND, attempt.get("id").toString(),
                "ethereum", (String) attempt.get("txid"), 300, "0x" + "cd".repeat(32), null, EVM_HOT_WALLET,
                EVM_HOT_WALLET, "0", null, "21000000000000", "wei"));
        assertThat(status(id)).as("a transfer is confirmed only by a Transfer checklist").isEqualTo("BROADCAST");
        assertThat(attempts(id).getFirst().get("status")).isEqualTo("BROADCAST");
        outcomes.transactionFinal(new TransactionFinal(TrackPurpose.WITHDRAWAL, attempt.get("id").toString(),
                "ethereum", (String) attempt.get("txid"), 300, "0x" + "cd".repeat(32),
                "0xdAC17F958D2ee523a2206206994597C13D831ec7", EVM_HOT_WALLET, EVM_DESTINATION, "6000000", 0L,
                "21000000000000", "wei"));
        assertThat(status(id)).isEqualTo("CONFIRMED");
        chain.markDead((String) attempt.get("txid"));

        deliver(EventEnvelope.of(dropped(attempt, "ethereum", DropReason.NONCE_CONSUMED), Instant.now()), 1);
        broadcaster.runOnce();
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("CONFIRMED");
        assertThat(attempts(id).getFirst().get("drop_reported_at")).isNull();
        assertThat(status(id)).isEqualTo("CONFIRMED");
    }
}
