package io.stablerail.ledger.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.events.deposit.DepositDetected;
import io.stablerail.events.withdrawal.WithdrawalConfirmed;
import io.stablerail.events.withdrawal.WithdrawalFailed;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The ledger's Kafka consumers over the real broker: a deposit delivered twice, and reported again under a new event
 * id, is credited once; a confirmed withdrawal posts its hold and books the fee; a failed one voids the hold and books
 * the burned fee; events of other types are acknowledged without an inbox row; a poll of many deposits is booked in
 * batches, by three consumers at once (one per partition), and a deposit the books refuse is dead-lettered on its own.
 */
@EmbeddedInfra
@SpringBootTest(properties = "stablerail.ledger.deposits-consumers=3") // as three replicas would share the partitions
class LedgerConsumersIT {

    static final String USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topics;
    @Autowired Books books;
    @Autowired JdbcTemplate jdbc;
    @Autowired io.stablerail.messaging.deadletter.DeadLetters deadLetters;
    @Autowired org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    void publish(String topic, EventEnvelope event) throws Exception {
        kafka.send(new ProducerRecord<>(topics.of(topic), event.aggregateId(), EventJson.write(event))).get();
    }

    MerchantBalance usdt(String merchant) {
        return books.merchantBalances(merchant, null).stream().filter(b -> b.currency() == Currency.USDT)
                .findFirst().orElseThrow();
    }

    int inboxRows(String consumer) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE consumer = ?", Integer.class, consumer);
    }

    @Test
    void aDepositDeliveredTwiceAndReportedAgainIsCreditedOnce() throws Exception {
        DepositConfirmed deposit = new DepositConfirmed("d-1", "m-kafka", "tron", "tron-devnet", "ab12cd", 0,
                USDT_TRON, "USDT", "7000000", "TDepositAddr1");
        EventEnvelope event = EventEnvelope.of(deposit, Instant.now());
        EventEnvelope sameFactNewEvent = EventEnvelope.of(deposit, Instant.now());

        publish(Topics.DEPOSITS, event);
        publish(Topics.DEPOSITS, event);
        publish(Topics.DEPOSITS, sameFactNewEvent);

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxRows("ledger.deposits") >= 2);
        assertThat(usdt("m-kafka").available()).isEqualTo(BigInteger.valueOf(7_000_000));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE idempotency_key = ?", Integer.class,
                LedgerKeys.chainFact("tron-devnet", "AB12CD", 0, "DEPOSIT"))).isEqualTo(1);
    }

    @Test
    void eventsTheLedgerDoesNotBookAreAcknowledgedWithoutAnInboxRow() throws Exception {
        DepositDetected detected = new DepositDetected("d-ignored", "m-ignored", "tron", "ab34", 0, 10, "bb10",
                USDT_TRON, "USDT", "5000000", "TFrom1", "TDepositAddr2", null, "DETECTED");
        EventEnvelope confirmed = EventEnvelope.of(new DepositConfirmed("d-ignored", "m-ignored", "tron",
                "tron-devnet", "ab34", 0, USDT_TRON, "USDT", "5000000", "TDepositAddr2"), Instant.now());
        int before = inboxRows("ledger.deposits");

        publish(Topics.DEPOSITS, EventEnvelope.of(detected, Instant.now())); // same key: consumed before the next
        publish(Topics.DEPOSITS, confirmed);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class, confirmed.eventId()) == 1);
        assertThat(usdt("m-ignored").available()).isEqualTo(BigInteger.valueOf(5_000_000));
        assertThat(inboxRows("ledger.deposits")).as("only the booked event has a row").isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_type = 'deposit.detected'",
                Integer.class)).isZero();
    }

    @Test
    void confirmedWithdrawalPostsTheHoldAndBooksTheFeeFailedVoidsAndBooksTheBurnedFee() throws Exception {
        String merchant = "m-wd";
        publish(Topics.DEPOSITS, EventEnvelope.of(new DepositConfirmed("d-2", merchant, "tron", "tron-devnet",
                "ff01", 0, USDT_TRON, "USDT", "1000", "THot9"), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> usdt(merchant).available().intValue() == 1000);
        // the deposit landed on THot9 itself; fund the hot wallet's gas (TRX) as treasury would
        books.post(new EntryRequest("gas-funding-1", "GAS_FUNDING", Instant.now(), null, null, List.of(
                PostingLine.debit(AccountRef.wallet(AccountKind.HOT_WALLET, Currency.TRX, "tron", "native", "THot9"),
                        BigInteger.valueOf(50_000_000)),
                PostingLine.credit(AccountRef.platform(AccountKind.CONVERSION, Currency.TRX),
                        BigInteger.valueOf(50_000_000)))));
        books.post(new EntryRequest("sweep-2", "SWEEP", Instant.now(), null, null, List.of(
                PostingLine.debit(AccountRef.wallet(AccountKind.HOT_WALLET, Currency.USDT, "tron", USDT_TRON, "THot9"),
                        BigInteger.valueOf(1000)),
                PostingLine.credit(AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron", USDT_TRON,
                        "THot9"), BigInteger.valueOf(1000)))));
        UUID confirmedHold = UUID.randomUUID();
        UUID failedHold = UUID.randomUUID();
        books.reserve(new HoldRequest(confirmedHold, merchant, Currency.USDT, BigInteger.valueOf(600), null, "w-1"));
        books.reserve(new HoldRequest(failedHold, merchant, Currency.USDT, BigInteger.valueOf(300), null, "w-2"));

        EventEnvelope confirmed = EventEnvelope.of(new WithdrawalConfirmed("w-1", merchant, confirmedHold.toString(),
                "tron", "tron-devnet", "aa01", 0, USDT_TRON, "USDT", "600", "THot9", "TRX", "1300000"), Instant.now());
        EventEnvelope failed = EventEnvelope.of(new WithdrawalFailed("w-2", merchant, failedHold.toString(), "tron",
                "tron-devnet", "aa02", "THot9", "TRX", "900000"), Instant.now());
        publish(Topics.WITHDRAWALS, confirmed);
        publish(Topics.WITHDRAWALS, failed);
        publish(Topics.WITHDRAWALS, confirmed);
        publish(Topics.WITHDRAWALS, failed);

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxRows("ledger.withdrawals") == 2
                && books.hold(failedHold).orElseThrow().status() == HoldStatus.VOIDED);
        assertThat(books.hold(confirmedHold).orElseThrow().status()).isEqualTo(HoldStatus.POSTED);
        assertThat(usdt(merchant)).isEqualTo(new MerchantBalance(Currency.USDT, BigInteger.valueOf(400),
                BigInteger.ZERO));
        assertThat(books.merchantBalances(merchant, null)).isNotEmpty();
        BigInteger feesBooked = jdbc.queryForObject("SELECT b.balance FROM account_balance b JOIN account a "
                + "ON a.id = b.account_id WHERE a.code = 'platform:NETWORK_FEE_EXPENSE:TRX'", java.math.BigDecimal.class)
                .toBigIntegerExact();
        assertThat(feesBooked).as("actual fee plus burned fee, each once").isEqualTo(BigInteger.valueOf(2_200_000));
    }

    @Test
    void theDepositsTopicIsSharedByThreeConsumersOnePartitionEach() {
        var container = (org.springframework.kafka.listener.ConcurrentMessageListenerContainer<?, ?>)
                listeners.getListenerContainer("ledger.deposits");
        assertThat(container).isNotNull();
        assertThat(container.getConcurrency()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> container.getContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && c.getAssignedPartitions().size() == 1));
        assertThat(container.getContainers().stream().flatMap(c -> c.getAssignedPartitions().stream())
                .map(org.apache.kafka.common.TopicPartition::partition)).containsExactlyInAnyOrder(0, 1, 2);
    }

    /** With three consumers the 200 deposits (200 keys) are booked on three partitions at once, onto one merchant. */
    @Test
    void manyDepositsAreBookedInBatchesAndAConflictingReportIsDeadLetteredAlone() throws Exception {
        String merchant = "m-batch";
        List<EventEnvelope> events = new java.util.ArrayList<>();
        long sum = 0;
        for (int i = 1; i <= 200; i++) {
            events.add(EventEnvelope.of(new DepositConfirmed("db-" + i, merchant, "tron", "tron-devnet",
                    String.format("%064x", 0xba7c4L * 1000 + i), 0, USDT_TRON, "USDT", Integer.toString(i),
                    "TDepositAddrB" + (i % 5)), Instant.now()));
            sum += i;
        }
        for (EventEnvelope event : events) { // not waiting on each send: the records reach the broker together
            kafka.send(new ProducerRecord<>(topics.of(Topics.DEPOSITS), event.aggregateId(), EventJson.write(event)));
        }
        kafka.flush();
        long total = sum;
        await().atMost(Duration.ofSeconds(60)).until(() -> usdt(merchant).available().longValue() == total);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM journal_entry WHERE reference LIKE 'db-%'", Integer.class))
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT recorded_at) FROM journal_entry WHERE reference LIKE 'db-%'",
                Integer.class)).as("entries recorded together (one Books.postAll per poll)").isLessThan(200);

        // the same chain fact as deposit 1 with another amount: refused by the books, nothing booked, dead-lettered
        int deadBefore = deadLetters.list(Topics.DEPOSITS, 100).size();
        DepositConfirmed first = events.getFirst().payloadAs(DepositConfirmed.class);
        publish(Topics.DEPOSITS, EventEnvelope.of(new DepositConfirmed(first.depositId(), merchant, "tron",
                "tron-devnet", first.txHash(), 0, USDT_TRON, "USDT", "999", first.toAddress()), Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.list(Topics.DEPOSITS, 100).size() == deadBefore + 1);
        assertThat(deadLetters.list(Topics.DEPOSITS, 100).getLast().exceptionMessage()).contains("idempotency");
        assertThat(usdt(merchant).available().longValue()).isEqualTo(total);
    }
}
