package io.stablerail.deposit.deposits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.DepositAddress;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Detection asks confirmation-worker to follow the deposit (a track request in the same transaction), and the
 * worker's final verdict, delivered twice over Kafka, confirms the deposit once; a verdict that does not match the
 * recorded transfer never confirms it.
 */
@EmbeddedInfra
@SpringBootTest(properties = {"stablerail.messaging.consumer.attempts-max=2",
        "stablerail.messaging.consumer.backoff-initial=50ms"})
@ExtendWith(OutputCaptureExtension.class)
class ConfirmationOutcomesIT {

    static final String USDC = "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359";

    @Autowired DepositRecorder recorder;
    @Autowired AddressBook addressBook;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired DeadLetters deadLetters;
    @Autowired KafkaListenerEndpointRegistry listeners;

    @Test
    void aFinalVerdictDeliveredTwiceConfirmsTheDepositOnce() throws Exception {
        DepositAddress ours = new Merchants(addressBook).onboard("m-verdict", 71).address("m-verdict", "polygon");
        String tx = "0x" + "a7".repeat(32);
        recorder.record(DepositSource.SCANNER, List.of(new ObservedTransfer("polygon", tx, 5, 900, "0x" + "b1".repeat(32),
                USDC, "0x1111111111111111111111111111111111111111", ours.address(), BigInteger.valueOf(40_000_000))));
        String depositId = jdbc.queryForObject("SELECT deposit_id::text FROM deposit WHERE tx_hash = ?", String.class,
                tx);
        assertThat(jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'transaction.track-requested' AND message_key = ?", String.class, depositId))
                .contains("\"purpose\":\"DEPOSIT\"").contains("\"log_index\":5").contains("\"amount\":\"40000000\"")
                .as("the block it was detected in, so the checker can look it up per block")
                .contains("\"block_number\":900");

        String verdict = EventJson.write(EventEnvelope.of(new TransactionFinal(TrackPurpose.DEPOSIT, depositId,
                "polygon", tx, 900, "0x" + "b1".repeat(32), USDC, "0x1111111111111111111111111111111111111111",
                ours.address(), "40000000", 5L, "1000", "wei"), Instant.now()));
        kafka.send(topicNames.of(Topics.TRANSACTIONS), depositId, verdict).get();
        kafka.send(topicNames.of(Topics.TRANSACTIONS), depositId, verdict).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(tx)));
        Thread.sleep(1_000); // let the duplicate be consumed too
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.confirmed' AND "
                + "message_key = ?", Integer.class, depositId)).isEqualTo(1);
    }

    @Test
    void aVerdictForAnotherAmountNeverConfirms() throws Exception {
        DepositAddress ours = new Merchants(addressBook).onboard("m-mismatch", 72).address("m-mismatch", "polygon");
        String tx = "0x" + "a8".repeat(32);
        recorder.record(DepositSource.SCANNER, List.of(new ObservedTransfer("polygon", tx, 1, 901, "0x" + "b2".repeat(32),
                USDC, "0x1111111111111111111111111111111111111111", ours.address(), BigInteger.valueOf(5_000_000))));
        String depositId = jdbc.queryForObject("SELECT deposit_id::text FROM deposit WHERE tx_hash = ?", String.class,
                tx);

        kafka.send(topicNames.of(Topics.TRANSACTIONS), depositId, EventJson.write(EventEnvelope.of(
                new TransactionFinal(TrackPurpose.DEPOSIT, depositId, "polygon", tx, 901, "0x" + "b2".repeat(32), USDC,
                        "0x1111111111111111111111111111111111111111", ours.address(), "50000000", 1L, "1000", "wei"),
                Instant.now()))).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.list(Topics.TRANSACTIONS, 100).stream()
                .anyMatch(letter -> depositId.equals(letter.key())));
        assertThat(status(tx)).as("retried, dead-lettered for ops, never confirmed").isEqualTo("DETECTED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.confirmed' AND "
                + "message_key = ?", Integer.class, depositId)).isZero();
    }

    /**
     * One poll holds a deposit's failed verdict and, after it, a final verdict that cannot be applied: the batch rolls
     * back and is applied again one event at a time. The failed verdict's OPS ALERT is logged once (it was logged in the
     * rolled-back batch as well before).
     */
    @Test
    void aFailedVerdictInABatchThatFallsBackToOneByOneIsAlertedOnce(CapturedOutput output) throws Exception {
        Merchants merchants = new Merchants(addressBook);
        DepositAddress ours = merchants.onboard("m-alert-once", 73).address("m-alert-once", "polygon");
        String failedTx = "0x" + "a9".repeat(32);
        String otherTx = "0x" + "aa".repeat(32);
        recorder.record(DepositSource.SCANNER, List.of(
                new ObservedTransfer("polygon", failedTx, 0, 902, "0x" + "b3".repeat(32), USDC,
                        "0x1111111111111111111111111111111111111111", ours.address(), BigInteger.valueOf(7_000_000)),
                new ObservedTransfer("polygon", otherTx, 0, 902, "0x" + "b3".repeat(32), USDC,
                        "0x1111111111111111111111111111111111111111", ours.address(), BigInteger.valueOf(8_000_000))));
        String failedId = jdbc.queryForObject("SELECT deposit_id::text FROM deposit WHERE tx_hash = ?", String.class,
                failedTx);
        String otherId = jdbc.queryForObject("SELECT deposit_id::text FROM deposit WHERE tx_hash = ?", String.class,
                otherTx);

        MessageListenerContainer container = listeners.getListenerContainer("deposit.confirmation-outcomes");
        container.pause();
        await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
        // a fetch already waiting at the broker (fetch.max.wait.ms, 500 ms) would still bring the first record alone
        Thread.sleep(1_000);
        try {
            kafka.send(topicNames.of(Topics.TRANSACTIONS), failedId, EventJson.write(EventEnvelope.of(
                    new TransactionFailed(TrackPurpose.DEPOSIT, failedId, "polygon", failedTx, FailureReason.REVERTED,
                            "status 0x0", 902, "0x" + "b3".repeat(32), "1000", "wei"), Instant.now()))).get();
            // keyed as the first, so both are on its partition and in one poll of one consumer thread
            kafka.send(topicNames.of(Topics.TRANSACTIONS), failedId, EventJson.write(EventEnvelope.of(
                    new TransactionFinal(TrackPurpose.DEPOSIT, otherId, "polygon", otherTx, 902, "0x" + "b3".repeat(32),
                            USDC, "0x1111111111111111111111111111111111111111", ours.address(), "9000000", 0L,
                            "1000", "wei"), Instant.now()))).get();
        } finally {
            container.resume();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.list(Topics.TRANSACTIONS, 100).stream()
                .anyMatch(letter -> letter.value().contains(otherTx)));
        assertThat(output.getAll()).as("the batch of both was tried first")
                .contains("a batch of 2 events failed");
        assertThat(output.getAll().lines().filter(line -> line.contains("OPS ALERT deposit " + failedId)))
                .hasSize(1);
        assertThat(status(failedTx)).isEqualTo("DETECTED");
        assertThat(status(otherTx)).isEqualTo("DETECTED");
    }

    String status(String tx) {
        return jdbc.queryForObject("SELECT status FROM deposit WHERE tx_hash = ?", String.class, tx);
    }
}
