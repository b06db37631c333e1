package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** Confirmation results from Kafka, each delivered twice: applied once (inbox), one outgoing event. */
class ConfirmationConsumerIT extends WithdrawalIntegrationTest {

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;
    @Autowired Withdrawals withdrawals;

    UUID broadcastWithdrawal(String merchant) {
        ledger().fund(merchant, "USDT", usd("10"));
        UUID id = UUID.fromString(withdraw(merchant, "ethereum", "USDT", EVM_DESTINATION, "8").path("id").asString());
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        return id;
    }

    String txid(UUID id) {
        return jdbc.queryForObject("SELECT txid FROM tx_attempt WHERE withdrawal_id = ?", String.class, id);
    }

    void deliverTwice(EventEnvelope envelope) throws Exception {
        String topic = topicNames.of(Topics.TRANSACTIONS);
        String json = EventJson.write(envelope);
        kafka.send(topic, envelope.aggregateId(), json).get();
        kafka.send(topic, envelope.aggregateId(), json).get();
    }

    double duplicates() {
        var counter = meters.find("stablerail.inbox.duplicates").tag("consumer", "withdrawal.transactions").counter();
        return counter == null ? 0 : counter.count();
    }

    long outboxEvents(String type, UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Long.class, type, id.toString());
    }

    /** confirmation-worker's verdict on an attempt (the transfer's own fields are not read by withdrawal-service). */
    static TransactionFinal finalFact(String txid, long logIndex, long block, String feeWei) {
        return new TransactionFinal(TrackPurpose.WITHDRAWAL, "attempt", "ethereum", txid, block, "0x" + "cd".repeat(32),
                "0xdAC17F958D2ee523a2206206994597C13D831ec7", "0x0000000000000000000000000000000000000001",
                "0x0000000000000000000000000000000000000002", "8000000", logIndex, feeWei, "wei");
    }

    @Test
    void aFinalTransferDeliveredTwiceConfirmsOnceAndAnnouncesOnce() throws Exception {
        UUID id = broadcastWithdrawal("m-final");
        double duplicatesBefore = duplicates();
        String txid = txid(id).toUpperCase(java.util.Locale.ROOT).replace("0X", "0x");

        deliverTwice(EventEnvelope.of(finalFact(txid, 3, 100, "21000000000000"),
                Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(status(id)).isEqualTo("CONFIRMED");
        assertThat(outboxEvents("withdrawal.confirmed", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM tx_attempt WHERE withdrawal_id = ?", String.class, id))
                .isEqualTo("CONFIRMED");
        String payload = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'withdrawal.confirmed' AND message_key = ?", String.class, id.toString());
        assertThat(payload).contains("\"hold_id\":\"" + Withdrawal.holdIdOf(id) + "\"")
                .contains("\"amount\":\"8000000\"").contains("\"fee_amount\":\"21000000000000\"");
    }

    @Test
    void aMinedFailureDeliveredTwiceFailsOnceAndVoidsTheHold() throws Exception {
        UUID id = broadcastWithdrawal("m-reverted");
        double duplicatesBefore = duplicates();

        deliverTwice(EventEnvelope.of(new TransactionFailed(TrackPurpose.WITHDRAWAL, "attempt", "ethereum", txid(id),
                FailureReason.REVERTED, "execution reverted", 101, "0x" + "cd".repeat(32), "30000000000000", "wei"), Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(status(id)).isEqualTo("FAILED");
        assertThat(outboxEvents("withdrawal.failed", id)).isEqualTo(1);
        withdrawals.recoverOnce(100, Duration.ofHours(1)); // the hold-release job's run
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
        assertThat(ledger().available("m-reverted", "USDT")).isEqualTo(usd("10"));
    }

    @Test
    void aTransactionThatIsNotOursIsIgnored() throws Exception {
        double duplicatesBefore = duplicates();
        deliverTwice(EventEnvelope.of(finalFact("0x" + "ab".repeat(32), 0, 1, "0"),
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'withdrawal.confirmed'",
                Long.class)).isZero();
    }

    @Test
    void theConfirmedWithdrawalIsBookedOnceByTheRealLedger() throws Exception {
        String usdt = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
        ledger().bookHotWallet("ethereum", usdt, EVM_HOT_WALLET, "USDT", usd("100"));
        ledger().bookHotWallet("ethereum", "native", EVM_HOT_WALLET, "ETH", new java.math.BigInteger("1000000000000000000"));
        UUID id = broadcastWithdrawal("m-books");
        deliverTwice(EventEnvelope.of(finalFact(txid(id), 0, 200, "21000000000000"),
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));

        // the relay hop into the ledger's namespace (it has its own topic prefix), delivered twice
        String confirmed = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'withdrawal.confirmed' AND message_key = ?", String.class, id.toString());
        String ledgerTopic = io.stablerail.withdrawal.support.InProcessLedger.topicPrefix() + Topics.WITHDRAWALS;
        kafka.send(ledgerTopic, id.toString(), confirmed).get();
        kafka.send(ledgerTopic, id.toString(), confirmed).get();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "POSTED".equals(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()));
        assertThat(ledger().held("m-books", "USDT")).isZero();
        assertThat(ledger().available("m-books", "USDT")).isEqualTo(usd("2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ledger().walletBalance("ethereum", "native", EVM_HOT_WALLET, "ETH"))
                .isEqualTo(new java.math.BigInteger("999979000000000000")));
        assertThat(ledger().walletBalance("ethereum", usdt, EVM_HOT_WALLET, "USDT")).isEqualTo(usd("92"));
    }
}
