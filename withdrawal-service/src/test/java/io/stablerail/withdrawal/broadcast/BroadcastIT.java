package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stablerail.withdrawal.support.ScriptedTestChain;
import io.stablerail.withdrawal.support.ScriptedTestChain.Fault;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Signed-before-sent broadcasting against the scripted test chain, with funds in the real ledger. */
class BroadcastIT extends WithdrawalIntegrationTest {

    @Autowired NonceGapMonitor nonceGapMonitor;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;

    UUID approvedWithdrawal(String merchant, String chainName, String to, String amount) {
        ledger().fund(merchant, "USDT", usd(amount).multiply(BigInteger.TWO));
        UUID id = UUID.fromString(withdraw(merchant, chainName, "USDT", to, amount).path("id").asString());
        assertThat(status(id)).isEqualTo("APPROVED");
        return id;
    }

    Map<String, Object> onlyAttempt(UUID withdrawalId) {
        List<Map<String, Object>> attempts = jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? "
                + "ORDER BY attempt_no", withdrawalId);
        assertThat(attempts).hasSize(1);
        return attempts.getFirst();
    }

    long outboxEvents(String type, UUID withdrawalId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Long.class, type, withdrawalId.toString());
    }

    static void pause() throws InterruptedException {
        Thread.sleep(20); // past the test's 1-2 ms resend backoff
    }

    @Test
    void acceptedButAnswerLostIsResentAsTheSameTransactionAndLandsOnce() throws Exception {
        UUID id = approvedWithdrawal("m-lost", "ethereum", EVM_DESTINATION, "3");
        chain.script(Fault.ACCEPT_THEN_TIMEOUT);

        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("SIGNED");
        assertThat(onlyAttempt(id).get("send_failures")).isEqualTo(1);
        pause();
        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("BROADCAST");
        Map<String, Object> attempt = onlyAttempt(id);
        assertThat(attempt.get("status")).isEqualTo("BROADCAST");
        assertThat(chain.transfersOf(id)).hasSize(1);
        assertThat(chain.transfersOf(id).getFirst().txid()).isEqualTo(attempt.get("txid"));
        assertThat(chain.broadcastCalls().stream().filter(attempt.get("raw_tx")::equals).count()).isEqualTo(2);
        assertThat(outboxEvents("withdrawal.broadcast", id)).isEqualTo(1);
    }

    @Test
    void killedAfterSignedBeforeBroadcastSendsTheSameRawTransactionAfterRestart() throws Exception {
        UUID id = approvedWithdrawal("m-crash", "tron", TRON_DESTINATION, "4");
        chain.script(Fault.CRASH_BEFORE_SEND);

        assertThatThrownBy(broadcaster::runOnce).isInstanceOf(ScriptedTestChain.SimulatedCrash.class);
        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> signed = onlyAttempt(id);
        assertThat(signed.get("reference_block")).isNotNull();
        assertThat(signed.get("expires_at")).isNotNull();
        assertThat(chain.transfersOf(id)).isEmpty();

        // the broadcaster keeps nothing in memory: the next run is what a restarted process does
        broadcaster.runOnce();

        Map<String, Object> sent = onlyAttempt(id);
        assertThat(sent.get("status")).isEqualTo("BROADCAST");
        assertThat(sent.get("raw_tx")).isEqualTo(signed.get("raw_tx"));
        assertThat(chain.transfersOf(id)).singleElement()
                .satisfies(t -> assertThat(t.txid()).isEqualTo(signed.get("txid")));
        assertThat(status(id)).isEqualTo("BROADCAST");
    }

    @Test
    void failFastFailsTheWithdrawalAndVoidsItsHoldInTheRealLedger() {
        UUID id = approvedWithdrawal("m-failfast", "tron", TRON_DESTINATION, "7");
        assertThat(ledger().held("m-failfast", "USDT")).isEqualTo(usd("7"));
        chain.script(Fault.FAIL_FAST);

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("FAILED");
        assertThat(onlyAttempt(id).get("status")).isEqualTo("DEAD");
        assertThat(chain.transfersOf(id)).isEmpty();
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
        assertThat(ledger().held("m-failfast", "USDT")).isZero();
        assertThat(ledger().available("m-failfast", "USDT")).isEqualTo(usd("14"));
        assertThat(outboxEvents("withdrawal.failed", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT hold_release_pending FROM withdrawal WHERE id = ?", Boolean.class, id))
                .isFalse();
    }

    @Test
    void rebuildsOnlyOnceEveryAttemptIsProvablyDeadAndReusesTheEvmNonce() throws Exception {
        UUID id = approvedWithdrawal("m-rebuild", "ethereum", EVM_DESTINATION, "2");
        chain.script(Fault.REBUILD);

        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> first = onlyAttempt(id);
        assertThat(first.get("status")).isEqualTo("SIGNED");

        chain.markDead((String) first.get("txid"));
        chain.script(Fault.REBUILD);
        pause();
        broadcaster.runOnce();

        List<Map<String, Object>> attempts = jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? "
                + "ORDER BY attempt_no", id);
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("status")).isEqualTo("DEAD");
        assertThat(attempts.get(1).get("status")).isEqualTo("BROADCAST");
        assertThat(attempts.get(1).get("nonce")).isEqualTo(first.get("nonce"));
        assertThat(chain.transfersOf(id)).singleElement()
                .satisfies(t -> assertThat(t.txid()).isEqualTo(attempts.get(1).get("txid")));
        assertThat(status(id)).isEqualTo("BROADCAST");
    }

    @Test
    void aHotWalletThatCannotCoverItMakesTheWithdrawalWaitAsAwaitingLiquidity() {
        String token = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
        chain.setBalance("ethereum", EVM_HOT_WALLET, token, BigInteger.ZERO);
        try {
            UUID id = approvedWithdrawal("m-liquidity", "ethereum", EVM_DESTINATION, "50");

            broadcaster.runOnce();
            assertThat(status(id)).isEqualTo("AWAITING_LIQUIDITY");
            assertThat(meters.get("stablerail.withdrawal.awaiting_liquidity").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("stablerail.withdrawal.awaiting_liquidity.entered").tag("chain", "ethereum")
                    .counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id))
                    .isZero();

            chain.setBalance("ethereum", EVM_HOT_WALLET, token, new BigInteger("1000000000000000"));
            broadcaster.runOnce();
            assertThat(status(id)).isEqualTo("BROADCAST");
        } finally {
            chain.setBalance("ethereum", EVM_HOT_WALLET, token, new BigInteger("1000000000000000"));
        }
    }

    @Test
    void aNonceNoAttemptHoldsIsReportedAsAGap() {
        UUID id = approvedWithdrawal("m-gap", "ethereum", EVM_DESTINATION, "1");
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(nonceGapMonitor.checkOnce()).as("no gap while every allocated nonce is held by an attempt")
                .isEmpty();

        long next = jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'", Long.class);
        jdbc.update("UPDATE wallet_nonce SET next_nonce = next_nonce + 2 WHERE chain = 'ethereum'");
        try {
            assertThat(nonceGapMonitor.checkOnce()).containsEntry("ethereum/" + EVM_HOT_WALLET, List.of(next,
                    next + 1));
            assertThat(meters.get("stablerail.withdrawal.nonce_gaps").tag("chain", "ethereum").gauge().value())
                    .isEqualTo(2);
        } finally {
            jdbc.update("UPDATE wallet_nonce SET next_nonce = ? WHERE chain = 'ethereum'", next);
        }
    }

    @Test
    void aCancelThatWinsWhileSigningMakesTheSignedTransactionDroppedUnsent() {
        UUID id = approvedWithdrawal("m-race-cancel", "ethereum", EVM_DESTINATION, "5");
        Long nonceBefore = jdbc.queryForList("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'",
                Long.class).stream().findFirst().orElse(null);
        int callsBefore = chain.broadcastCalls().size();
        chain.duringNextSign(() -> assertThat(post("/internal/v1/merchants/m-race-cancel/withdrawals/" + id
                + "/cancel", null).statusCode()).isEqualTo(200));

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id))
                .isZero();
        assertThat(chain.broadcastCalls()).hasSize(callsBefore);
        assertThat(chain.transfersOf(id)).isEmpty();
        assertThat(jdbc.queryForList("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'", Long.class)
                .stream().findFirst().orElse(null)).as("nonce not consumed").isEqualTo(nonceBefore == null
                ? Long.valueOf(5) : nonceBefore);
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
    }

    @Test
    void anAttemptThatCannotBeStoredConsumesNoNonceAndIsNeverSent() {
        UUID earlier = approvedWithdrawal("m-atomic", "ethereum", EVM_DESTINATION, "1");
        broadcaster.runOnce();
        String takenTxid = jdbc.queryForObject("SELECT txid FROM tx_attempt WHERE withdrawal_id = ?", String.class,
                earlier);
        long nonceBefore = jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'",
                Long.class);
        UUID id = approvedWithdrawal("m-atomic", "ethereum", EVM_DESTINATION, "2");
        int callsBefore = chain.broadcastCalls().size();
        chain.nextTxid(takenTxid); // UNIQUE (chain, txid) refuses the insert: the whole commit rolls back

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("APPROVED");
        assertThat(jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'", Long.class))
                .isEqualTo(nonceBefore);
        assertThat(chain.broadcastCalls()).hasSize(callsBefore);

        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(onlyAttempt(id).get("nonce")).isEqualTo(nonceBefore);
    }

    @Test
    void whileOneSenderWorksOnAWalletAnotherSkipsIt() throws Exception {
        UUID id = approvedWithdrawal("m-one-sender", "ethereum", EVM_DESTINATION, "1");
        java.util.concurrent.atomic.AtomicInteger callsDuringSecondRun = new java.util.concurrent.atomic.AtomicInteger(-1);
        chain.duringNextSign(() -> {
            int before = chain.broadcastCalls().size();
            Thread second = Thread.ofPlatform().start(broadcaster::runOnce); // another instance, same wallet
            try {
                second.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callsDuringSecondRun.set(chain.broadcastCalls().size() - before);
        });

        broadcaster.runOnce();

        assertThat(callsDuringSecondRun.get()).as("the second sender did nothing while the first held the wallet")
                .isZero();
        assertThat(onlyAttempt(id).get("status")).isEqualTo("BROADCAST");
        assertThat(chain.transfersOf(id)).hasSize(1);
    }

    @Test
    void aTronRebuildGetsANewReferenceBlockOnlyOnceTheOldAttemptIsProvablyDead() throws Exception {
        UUID id = approvedWithdrawal("m-tron-rebuild", "tron", TRON_DESTINATION, "3");
        chain.script(Fault.REBUILD);
        broadcaster.runOnce();
        Map<String, Object> first = onlyAttempt(id);

        chain.markDead((String) first.get("txid"));
        chain.script(Fault.REBUILD);
        pause();
        broadcaster.runOnce();

        List<Map<String, Object>> attempts = jdbc.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? "
                + "ORDER BY attempt_no", id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        assertThat(attempts).allSatisfy(a -> assertThat(a.get("nonce")).isNull());
        assertThat(attempts.get(1).get("reference_block")).isNotEqualTo(first.get("reference_block"));
        assertThat(chain.transfersOf(id)).singleElement()
                .satisfies(t -> assertThat(t.txid()).isEqualTo(attempts.get(1).get("txid")));
    }

    @Test
    void aTransactionSignedAboveTheChainsFeeCapIsNeitherStoredNorSent() {
        UUID id = approvedWithdrawal("m-fee-cap", "tron", TRON_DESTINATION, "1");
        int callsBefore = chain.broadcastCalls().size();
        chain.nextFeeLimit(io.stablerail.chain.registry.ChainRegistry.knownChain("tron").feeCap().add(BigInteger.ONE));

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("APPROVED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id))
                .isZero();
        assertThat(chain.broadcastCalls()).hasSize(callsBefore);
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
    }
}
