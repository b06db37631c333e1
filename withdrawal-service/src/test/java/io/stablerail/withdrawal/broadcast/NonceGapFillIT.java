package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.support.ScriptedTestChain;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Nonce gaps filled by the background job against the scripted test chain, outcomes over the real broker into the
 * real consumer, and the fee booked by the real ledger in-process. (On the real Hardhat node: {@code
 * DevnetNonceGapIT}.)
 */
class NonceGapFillIT extends WithdrawalIntegrationTest {

    @Autowired NonceGapFiller filler;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;

    UUID approvedWithdrawal(String merchant, String amount) {
        ledger().fund(merchant, "USDT", usd(amount).multiply(BigInteger.TWO));
        UUID id = UUID.fromString(withdraw(merchant, "ethereum", "USDT", EVM_DESTINATION, amount).path("id")
                .asString());
        assertThat(status(id)).isEqualTo("APPROVED");
        return id;
    }

    long nextNonce() {
        return jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'", Long.class);
    }

    List<Map<String, Object>> fillers() {
        return jdbc.queryForList("SELECT * FROM tx_attempt WHERE kind = 'NONCE_FILL' ORDER BY nonce");
    }

    List<Map<String, Object>> fillersAt(long nonce) {
        return jdbc.queryForList("SELECT * FROM tx_attempt WHERE kind = 'NONCE_FILL' AND nonce = ?", nonce);
    }

    /** Other test classes of this run share the context and its wallet: a gap they left is filled first. */
    void cleanSlate() {
        filler.runOnce();
    }

    double gauge() {
        return meters.get("stablerail.withdrawal.nonce_gaps").tag("chain", "ethereum").gauge().value();
    }

    void deliverTwice(EventEnvelope envelope) throws Exception {
        String topic = topicNames.of(Topics.TRANSACTIONS);
        String json = EventJson.write(envelope);
        kafka.send(topic, envelope.aggregateId(), json).get();
        kafka.send(topic, envelope.aggregateId(), json).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM inbox_event "
                + "WHERE consumer = 'withdrawal.transactions' AND event_id = ?", Long.class, envelope.eventId()) == 1);
    }

    long filledEvents(Object fillerId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = "
                + "'withdrawal.nonce-gap-filled' AND message_key = ?", Long.class, fillerId.toString());
    }

    /**
     * A nonce reserved in our table without an attempt (as a crash between allocating and storing would leave it):
     * the next withdrawal is signed behind it. The background run fills it with one zero-value self-send (stored,
     * then sent; tracked), runs again without a second one; the worker's report of the mined self-send, delivered
     * twice and then as the other outcome type, records the fee and announces it once; the real ledger, sent that
     * event twice, books the platform's network fee once.
     */
    @Test
    void aGapNoWithdrawalOwnsIsFilledOnceByASelfSendWhoseFeeIsBookedOnce() throws Exception {
        cleanSlate();
        UUID first = approvedWithdrawal("m-gap-first", "1");
        broadcaster.runOnce();
        assertThat(status(first)).isEqualTo("BROADCAST");
        long gap = nextNonce();
        jdbc.update("UPDATE wallet_nonce SET next_nonce = next_nonce + 1 WHERE chain = 'ethereum'");
        UUID behind = approvedWithdrawal("m-gap-behind", "2");
        broadcaster.runOnce();
        assertThat(jdbc.queryForObject("SELECT nonce FROM tx_attempt WHERE withdrawal_id = ?", Long.class, behind))
                .isEqualTo(gap + 1);
        int sent = chain.broadcastCalls().size();
        long trackRequests = rows("outbox_event WHERE event_type = 'transaction.track-requested'");

        assertThat(filler.runOnce()).as("no gap left after the run").isEmpty();
        assertThat(gauge()).isZero();

        List<Map<String, Object>> fillers = fillersAt(gap);
        assertThat(fillers).singleElement().satisfies(f -> {
            assertThat(f.get("nonce")).isEqualTo(gap);
            assertThat(f.get("withdrawal_id")).isNull();
            assertThat(f.get("status")).isEqualTo("BROADCAST");
        });
        Map<String, Object> self = fillers.getFirst();
        assertThat(chain.transfers()).filteredOn(t -> t.txid().equals(self.get("txid"))).singleElement()
                .satisfies(t -> {
                    assertThat(t.withdrawalId()).isEqualTo(ScriptedTestChain.NO_WITHDRAWAL);
                    assertThat(t.to()).isEqualTo(EVM_HOT_WALLET);
                    assertThat(t.amount()).isZero();
                    assertThat(t.nonce()).isEqualTo(gap);
                });
        assertThat(chain.broadcastCalls()).hasSize(sent + 1);
        assertThat(rows("outbox_event WHERE event_type = 'transaction.track-requested'")).isEqualTo(trackRequests + 1);

        filler.runOnce();
        assertThat(fillersAt(gap)).hasSize(1);
        assertThat(chain.broadcastCalls()).hasSize(sent + 1);

        // the worker is asked to follow it as what it is: the wallet's zero-value self-send at the gap's nonce
        String track = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'transaction.track-requested' AND message_key = ?", String.class, self.get("id").toString());
        assertThat(track).contains("\"purpose\":\"SELF_SEND\"").contains("\"amount\":\"0\"")
                .contains("\"nonce\":" + gap).contains("\"to_address\":\"" + EVM_HOT_WALLET + "\"")
                .doesNotContain("\"token_contract\":\"");
        // ...and reports it final once mined, with the fee; an outcome in the form of the worker's older releases
        // (tracked against a token transfer it does not make: a MISMATCH failure) changes nothing more
        String txid = (String) self.get("txid");
        deliverTwice(EventEnvelope.of(new TransactionFinal(TrackPurpose.SELF_SEND, self.get("id").toString(),
                "ethereum", txid, 500, "0x" + "cd".repeat(32), null, EVM_HOT_WALLET, EVM_HOT_WALLET, "0", null,
                "42000000000000", "wei"), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> filledEvents(self.get("id")) == 1);
        deliverTwice(EventEnvelope.of(new TransactionFailed(TrackPurpose.WITHDRAWAL, self.get("id").toString(),
                "ethereum", txid, FailureReason.MISMATCH, "no Transfer of the expected contract", 500,
                "0x" + "cd".repeat(32), "42000000000000", "wei"), Instant.now()));
        assertThat(filledEvents(self.get("id"))).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT status, fee_paid FROM tx_attempt WHERE id = ?", self.get("id")))
                .containsEntry("status", "CONFIRMED")
                .containsEntry("fee_paid", new java.math.BigDecimal("42000000000000"));
        assertThat(status(first)).isEqualTo("BROADCAST");
        assertThat(status(behind)).isEqualTo("BROADCAST");

        // the in-process ledger is shared by the test classes of this run: the balance is compared with before
        ledger().bookHotWallet("ethereum", "native", EVM_HOT_WALLET, "ETH", BigInteger.TEN.pow(18));
        BigInteger before = ledger().walletBalance("ethereum", "native", EVM_HOT_WALLET, "ETH");
        String filled = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'withdrawal.nonce-gap-filled' AND message_key = ?", String.class, self.get("id").toString());
        assertThat(filled).contains("\"nonce\":" + gap).contains("\"fee_amount\":\"42000000000000\"")
                .contains("\"fee_currency\":\"ETH\"").contains("\"chain_id\":\"1\"");
        String ledgerTopic = InProcessLedger.topicPrefix() + Topics.WITHDRAWALS;
        String key = self.get("id").toString();
        kafka.send(ledgerTopic, key, filled).get();
        kafka.send(ledgerTopic, key, filled).get();
        BigInteger afterFee = before.subtract(new BigInteger("42000000000000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().walletBalance("ethereum", "native",
                EVM_HOT_WALLET, "ETH").equals(afterFee));
        Thread.sleep(500); // a second booking would have had time to land
        assertThat(ledger().walletBalance("ethereum", "native", EVM_HOT_WALLET, "ETH")).isEqualTo(afterFee);
    }

    /**
     * A gap nonce a withdrawal waits to reuse (a rebuild kept it) is left to that withdrawal: no self-send is built,
     * the gap is reported until the broadcaster signs the withdrawal's own attempt at it.
     */
    @Test
    void aGapAWithdrawalWaitsToReuseIsLeftToItsOwnAttempt() {
        cleanSlate();
        UUID warmUp = approvedWithdrawal("m-owned-warmup", "1");
        broadcaster.runOnce();
        assertThat(status(warmUp)).isEqualTo("BROADCAST");
        long gap = nextNonce();
        jdbc.update("UPDATE wallet_nonce SET next_nonce = next_nonce + 1 WHERE chain = 'ethereum'");
        UUID owner = approvedWithdrawal("m-owned", "1");
        jdbc.update("UPDATE withdrawal SET reuse_nonce = ? WHERE id = ?", gap, owner); // as a rebuild leaves it
        int fillersBefore = fillers().size();

        assertThat(filler.runOnce()).containsEntry("ethereum/" + EVM_HOT_WALLET, List.of(gap));
        assertThat(fillers()).hasSize(fillersBefore);
        assertThat(gauge()).isEqualTo(1);

        broadcaster.runOnce();
        assertThat(jdbc.queryForObject("SELECT nonce FROM tx_attempt WHERE withdrawal_id = ?", Long.class, owner))
                .isEqualTo(gap);
        assertThat(filler.runOnce()).isEmpty();
        assertThat(gauge()).isZero();
        assertThat(fillers()).hasSize(fillersBefore);
    }

    /** The database keeps a filler and a withdrawal's attempt from ever sharing a nonce, and a filler has no withdrawal. */
    @Test
    void theDatabaseRefusesAFillerAtANonceAnAttemptHolds() {
        UUID id = approvedWithdrawal("m-filler-db", "1");
        broadcaster.runOnce();
        long held = jdbc.queryForObject("SELECT nonce FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO tx_attempt (id, withdrawal_id, attempt_no, chain, wallet, "
                + "nonce, raw_tx, txid, fee_limit, status, kind) VALUES (?, NULL, 1, 'ethereum', ?, ?, 'raw', ?, 0, "
                + "'SIGNED', 'NONCE_FILL')", UUID.randomUUID(), EVM_HOT_WALLET, held, "0x" + "aa".repeat(32)))
                .hasMessageContaining("tx_attempt_live_nonce");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO tx_attempt (id, withdrawal_id, attempt_no, chain, wallet, "
                + "nonce, raw_tx, txid, fee_limit, status, kind) VALUES (?, ?, 9, 'ethereum', ?, 999999, 'raw', ?, 0, "
                + "'DEAD', 'NONCE_FILL')", UUID.randomUUID(), id, EVM_HOT_WALLET, "0x" + "bb".repeat(32)))
                .hasMessageContaining("tx_attempt_filler_shape");
    }
}
