package io.stablerail.deposit.deposits;

import static io.stablerail.deposit.support.Merchants.BASE_USDC;
import static io.stablerail.deposit.support.Merchants.ETHEREUM_USDT;
import static io.stablerail.deposit.support.Merchants.TRON_USDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.stablerail.chain.address.TronAddress;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.DepositAddress;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.events.ledger.EntryPosted;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** The dedup store: matching, minimums, re-inclusion, confirmation checks and the credit acknowledgement. */
@EmbeddedInfra
@SpringBootTest
class DepositsIT {

    @Autowired DepositRecorder recorder;
    @Autowired DepositConfirmations confirmations;
    @Autowired DepositCredits credits;
    @Autowired AddressBook addressBook;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

    static final String POLYGON_USDC = "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359";
    static final String OPTIMISM_USDC = "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85";

    static ObservedTransfer transfer(String chain, String tx, long log, long block, String contract, String to,
                                     long amount) {
        return new ObservedTransfer(chain, tx, log, block, "0xb10c" + block, contract,
                "0x1111111111111111111111111111111111111111", to, BigInteger.valueOf(amount));
    }

    int events(String type, String depositId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Integer.class, type, depositId);
    }

    String status(String chain, String tx, long log) {
        return jdbc.queryForObject("SELECT status FROM deposit WHERE chain = ? AND tx_hash = ? AND log_index = ?",
                String.class, chain, tx.toLowerCase(Locale.ROOT), log);
    }

    @Test
    void onlyRegistryTokensToOurAddressesBecomeDepositsOnce() {
        Merchants merchants = new Merchants(addressBook).onboard("m-match", 11);
        DepositAddress one = merchants.address("m-match", "ethereum");
        DepositAddress two = merchants.address("m-match", "ethereum");
        String stranger = "0x2222222222222222222222222222222222222222";
        String fakeToken = "0x3333333333333333333333333333333333333333";

        DepositRecorder.Recorded first = recorder.record(DepositSource.WEBHOOK, List.of(
                transfer("ethereum", "0xAA01", 3, 100, ETHEREUM_USDT.toLowerCase(Locale.ROOT),
                        one.address().toLowerCase(Locale.ROOT), 5_000_000),
                transfer("ethereum", "0xaa01", 4, 100, ETHEREUM_USDT, two.address(), 7_000_000),
                transfer("ethereum", "0xaa02", 0, 100, fakeToken, one.address(), 9_000_000),
                transfer("ethereum", "0xaa03", 0, 100, ETHEREUM_USDT, stranger, 9_000_000),
                transfer("ethereum", "0xaa04", 1, 100, ETHEREUM_USDT, one.address(), 999_999)));
        DepositRecorder.Recorded again = recorder.record(DepositSource.SCANNER, List.of(
                transfer("ethereum", "0xaa01", 3, 100, ETHEREUM_USDT, one.address(), 5_000_000)));

        assertThat(first.inserted()).hasSize(3);
        assertThat(first.ignored()).isEqualTo(2);
        assertThat(again.inserted()).isEmpty();
        assertThat(again.redetected()).as("same block: nothing to move").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE merchant_id = 'm-match'", Integer.class))
                .isEqualTo(3);
        assertThat(status("ethereum", "0xaa01", 3)).isEqualTo("DETECTED");
        assertThat(status("ethereum", "0xaa01", 4)).isEqualTo("DETECTED");
        assertThat(status("ethereum", "0xaa04", 1)).as("below the 1.00 USDT minimum").isEqualTo("BELOW_MINIMUM");
        assertThat(events("deposit.detected", Deposit.idOf("ethereum", "0xaa01", 3).toString())).isEqualTo(1);
        // the relay publishes in outbox order: the track request (on the way to credit) before the announcement
        assertThat(jdbc.queryForList("SELECT event_type FROM outbox_event WHERE message_key = ? ORDER BY id",
                String.class, Deposit.idOf("ethereum", "0xaa01", 3).toString()))
                .containsExactly("transaction.track-requested", "deposit.detected");
        assertThat(jdbc.queryForObject("SELECT amount::text FROM deposit WHERE tx_hash = '0xaa01' AND log_index = 4",
                String.class)).isEqualTo("7000000");
    }

    @Test
    void anEvmAddressIsMatchedOnEveryEvmChainAndTronByEitherForm() {
        Merchants merchants = new Merchants(addressBook).onboard("m-chains", 12);
        DepositAddress evm = merchants.address("m-chains", "ethereum");
        DepositAddress tron = merchants.address("m-chains", "tron");

        DepositRecorder.Recorded recorded = recorder.record(DepositSource.SCANNER, List.of(
                transfer("base", "0xbb01", 0, 7, BASE_USDC, evm.address(), 2_000_000),
                new ObservedTransfer("tron", "CC01", 0, 9, "00ff", TRON_USDT,
                        "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf", TronAddress.parse(tron.address()).hex(),
                        BigInteger.valueOf(3_000_000))));

        DepositRecorder.Recorded sameTronFactOtherForm = recorder.record(DepositSource.WEBHOOK, List.of(
                new ObservedTransfer("tron", "0xcc01", 0, 9, "0x00FF", TRON_USDT, "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf",
                        tron.address(), BigInteger.valueOf(3_000_000))));

        assertThat(recorded.inserted()).hasSize(2);
        assertThat(sameTronFactOtherForm.inserted()).as("0x-prefixed TRON id is the same transaction").isEmpty();
        assertThat(jdbc.queryForList("SELECT chain || ':' || to_address FROM deposit WHERE merchant_id = 'm-chains' "
                + "ORDER BY chain", String.class)).containsExactly("base:" + evm.address(), "tron:" + tron.address());
        assertThat(jdbc.queryForObject("SELECT tx_hash FROM deposit WHERE chain = 'tron' AND merchant_id = 'm-chains'",
                String.class)).isEqualTo("cc01");
    }

    @Test
    void orphanedDepositReobservedByTheScannerIsDetectedAgainOnTheSameRow() {
        Merchants merchants = new Merchants(addressBook).onboard("m-reorg", 13);
        DepositAddress to = merchants.address("m-reorg", "ethereum");
        ObservedTransfer original = transfer("optimism", "0xdd01", 2, 500, OPTIMISM_USDC, to.address(), 4_000_000);
        recorder.record(DepositSource.SCANNER, List.of(original));

        List<Deposit> orphaned = recorder.orphanAbove("optimism", 499);
        ObservedTransfer reincluded = new ObservedTransfer("optimism", "0xdd01", 2, 503, "0xf0f0", OPTIMISM_USDC,
                original.from(), to.address(), original.amount());
        DepositRecorder.Recorded byWebhook = recorder.record(DepositSource.WEBHOOK, List.of(reincluded));
        String afterWebhook = status("optimism", "0xdd01", 2);
        DepositRecorder.Recorded byScanner = recorder.record(DepositSource.SCANNER, List.of(reincluded));

        assertThat(orphaned).extracting(Deposit::txHash).contains("0xdd01");
        assertThat(byWebhook.inserted()).isEmpty();
        assertThat(afterWebhook).as("a webhook never revives an orphan").isEqualTo("ORPHANED");
        assertThat(byScanner.redetected()).hasSize(1);
        assertThat(jdbc.queryForMap("SELECT status, block_number, block_hash, count(*) OVER () AS n FROM deposit "
                + "WHERE tx_hash = '0xdd01'")).containsEntry("status", "DETECTED").containsEntry("block_number", 503L)
                .containsEntry("block_hash", "0xf0f0").containsEntry("n", 1L);
        String id = Deposit.idOf("optimism", "0xdd01", 2).toString();
        assertThat(events("deposit.orphaned", id)).isEqualTo(1);
        assertThat(events("deposit.detected", id)).isEqualTo(2);
    }

    @Test
    void confirmsOnlyMatchingFactsOnceThenTheLedgerAcknowledgementCredits() {
        Merchants merchants = new Merchants(addressBook).onboard("m-confirm", 14);
        DepositAddress to = merchants.address("m-confirm", "ethereum");
        recorder.record(DepositSource.SCANNER, List.of(
                transfer("ethereum", "0xee01", 5, 800, ETHEREUM_USDT, to.address(), 25_000_000)));
        String id = Deposit.idOf("ethereum", "0xee01", 5).toString();

        DepositConfirmations.Outcome wrongAmount = confirmations.confirm(new ConfirmationReport("ethereum", "0xee01", 5,
                ETHEREUM_USDT, to.address(), BigInteger.valueOf(25_000_001), "0xb10c800"));
        DepositConfirmations.Outcome wrongBlock = confirmations.confirm(new ConfirmationReport("ethereum", "0xee01", 5,
                ETHEREUM_USDT, to.address(), BigInteger.valueOf(25_000_000), "0xb10c801"));
        DepositConfirmations.Outcome wrongTo = confirmations.confirm(new ConfirmationReport("ethereum", "0xee01", 5,
                ETHEREUM_USDT, "0x2222222222222222222222222222222222222222", BigInteger.valueOf(25_000_000),
                "0xb10c800"));
        assertThat(List.of(wrongAmount, wrongBlock, wrongTo)).containsOnly(DepositConfirmations.Outcome.MISMATCH);
        assertThat(events("deposit.confirmed", id)).isZero();

        ConfirmationReport report = new ConfirmationReport("ethereum", "0xEE01", 5,
                ETHEREUM_USDT.toLowerCase(Locale.ROOT),
                to.address().toLowerCase(Locale.ROOT), BigInteger.valueOf(25_000_000), "0xB10C800");
        assertThat(confirmations.confirm(report)).isEqualTo(DepositConfirmations.Outcome.CONFIRMED);
        assertThat(confirmations.confirm(report)).isEqualTo(DepositConfirmations.Outcome.ALREADY_CONFIRMED);
        assertThat(events("deposit.confirmed", id)).isEqualTo(1);

        DepositConfirmed confirmed = EventJson.read(jdbc.queryForObject("SELECT payload FROM outbox_event WHERE "
                + "event_type = 'deposit.confirmed' AND message_key = ?", String.class, id))
                .payloadAs(DepositConfirmed.class);
        assertThat(confirmed).isEqualTo(new DepositConfirmed(id, "m-confirm", "ethereum", "1", "0xee01", 5,
                ETHEREUM_USDT, "USDT", "25000000", to.address()));

        Deposit deposit = recorder.find(List.of(java.util.UUID.fromString(id))).getFirst();
        assertThat(credits.entryPosted("DEPOSIT", "not-the-key", id)).isFalse();
        EntryPosted posted = new EntryPosted("e-1", DepositCredits.ledgerKey(deposit), "DEPOSIT", Instant.now(), id,
                List.of());
        kafka.send(topicNames.of(Topics.LEDGER), "e-1", EventJson.write(EventEnvelope.of(posted, Instant.now())));
        kafka.send(topicNames.of(Topics.LEDGER), "e-1", EventJson.write(EventEnvelope.of(posted, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CREDITED".equals(status("ethereum", "0xee01", 5)));
        assertThat(credits.entryPosted("DEPOSIT", DepositCredits.ledgerKey(deposit), id)).isFalse();
    }

    /**
     * Many reports at once (a consumer's poll): each gets its own outcome, a deposit reported twice is confirmed once,
     * a mismatching or unknown one changes nothing; the credits of a batch of entries likewise.
     */
    @Test
    void aBatchOfReportsConfirmsEachMatchingDepositOnceAndABatchOfEntriesCreditsThem() {
        Merchants merchants = new Merchants(addressBook).onboard("m-batch", 16);
        DepositAddress to = merchants.address("m-batch", "ethereum");
        recorder.record(DepositSource.SCANNER, List.of(
                transfer("ethereum", "0xba01", 0, 900, ETHEREUM_USDT, to.address(), 2_000_000),
                transfer("ethereum", "0xba02", 1, 900, ETHEREUM_USDT, to.address(), 3_000_000),
                transfer("ethereum", "0xba03", 2, 900, ETHEREUM_USDT, to.address(), 4_000_000)));
        ConfirmationReport first = new ConfirmationReport("ethereum", "0xba01", 0, ETHEREUM_USDT, to.address(),
                BigInteger.valueOf(2_000_000), "0xb10c900");
        ConfirmationReport third = new ConfirmationReport("ethereum", "0xBA03", 2, ETHEREUM_USDT, to.address(),
                BigInteger.valueOf(4_000_000), "0xb10c900");

        List<DepositConfirmations.Outcome> outcomes = confirmations.confirmAll(List.of(
                first,
                new ConfirmationReport("ethereum", "0xba02", 1, ETHEREUM_USDT, to.address(),
                        BigInteger.valueOf(3_000_001), "0xb10c900"),
                first,
                new ConfirmationReport("ethereum", "0xba99", 0, ETHEREUM_USDT, to.address(),
                        BigInteger.valueOf(1_000_000), "0xb10c900"),
                third));

        assertThat(outcomes).containsExactly(DepositConfirmations.Outcome.CONFIRMED,
                DepositConfirmations.Outcome.MISMATCH, DepositConfirmations.Outcome.ALREADY_CONFIRMED,
                DepositConfirmations.Outcome.UNKNOWN_DEPOSIT, DepositConfirmations.Outcome.CONFIRMED);
        String id1 = Deposit.idOf("ethereum", "0xba01", 0).toString();
        String id2 = Deposit.idOf("ethereum", "0xba02", 1).toString();
        String id3 = Deposit.idOf("ethereum", "0xba03", 2).toString();
        assertThat(events("deposit.confirmed", id1)).isEqualTo(1);
        assertThat(events("deposit.confirmed", id2)).isZero();
        assertThat(events("deposit.confirmed", id3)).isEqualTo(1);
        assertThat(status("ethereum", "0xba02", 1)).isEqualTo("DETECTED");

        List<Deposit> recorded = recorder.find(List.of(java.util.UUID.fromString(id1), java.util.UUID.fromString(id3)));
        List<DepositCredits.PostedEntry> entries = new java.util.ArrayList<>();
        recorded.forEach(d -> entries.add(new DepositCredits.PostedEntry("DEPOSIT", DepositCredits.ledgerKey(d),
                d.depositId().toString())));
        entries.add(new DepositCredits.PostedEntry("DEPOSIT", "not-the-key", id2));
        entries.add(new DepositCredits.PostedEntry("WITHDRAWAL", "whatever", id2));
        assertThat(credits.entriesPosted(entries)).isEqualTo(2);
        assertThat(credits.entriesPosted(entries)).as("again: nothing more").isZero();
        assertThat(List.of(status("ethereum", "0xba01", 0), status("ethereum", "0xba02", 1),
                status("ethereum", "0xba03", 2))).containsExactly("CREDITED", "DETECTED", "CREDITED");
    }

    /**
     * A block's deposits confirmed in one batch and credited in another, as the consumers do: every one of those
     * updates is a HOT update (the new row version on the same page, no new index entries), which needs no index to
     * refer to a column they change and room on the page (V3). The counters are the transaction's own.
     */
    @Test
    void confirmingAndCreditingABlockOfDepositsAddsNoIndexEntries() {
        int count = 200;
        Merchants merchants = new Merchants(addressBook).onboard("m-hot", 17);
        DepositAddress to = merchants.address("m-hot", "optimism");
        String usdc = OPTIMISM_USDC;
        List<ObservedTransfer> block = new java.util.ArrayList<>();
        List<ConfirmationReport> reports = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            block.add(transfer("optimism", "0xd0" + i, i, 950, usdc, to.address(), 1_000_000 + i));
            reports.add(new ConfirmationReport("optimism", "0xd0" + i, i, usdc, to.address(),
                    BigInteger.valueOf(1_000_000 + i), "0xb10c950"));
        }
        assertThat(recorder.record(DepositSource.SCANNER, block).inserted()).hasSize(count);

        org.springframework.transaction.support.TransactionTemplate transaction =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        long[] confirmed = transaction.execute(status -> {
            long[] before = depositUpdates();
            assertThat(confirmations.confirmAll(reports)).containsOnly(DepositConfirmations.Outcome.CONFIRMED);
            return since(before);
        });
        long[] credited = transaction.execute(status -> {
            long[] before = depositUpdates();
            List<DepositCredits.PostedEntry> entries = recorder.find(block.stream()
                            .map(t -> Deposit.idOf(t.chain(), t.txHash(), t.logIndex())).toList()).stream()
                    .map(d -> new DepositCredits.PostedEntry("DEPOSIT", DepositCredits.ledgerKey(d),
                            d.depositId().toString()))
                    .toList();
            assertThat(credits.entriesPosted(entries)).isEqualTo(count);
            return since(before);
        });

        assertThat(confirmed).as("CONFIRMED: updates, of which HOT").containsExactly(count, count);
        assertThat(credited).as("CREDITED: updates, of which HOT").containsExactly(count, count);
    }

    /**
     * This session's updates of the deposit table not yet reported to the statistics system, and how many of them
     * were HOT. The session reports them when it is idle, never inside a transaction, so two readings in one
     * transaction give that transaction's own updates.
     */
    private long[] depositUpdates() {
        return jdbc.queryForObject("SELECT pg_stat_get_xact_tuples_updated('deposit'::regclass), "
                        + "pg_stat_get_xact_tuples_hot_updated('deposit'::regclass)",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    private long[] since(long[] before) {
        long[] now = depositUpdates();
        return new long[] {now[0] - before[0], now[1] - before[1]};
    }

    @Test
    void concurrentReportsOfOverlappingBatchesMakeOneDepositPerTransfer() throws Exception {
        int transferCount = 300;
        Merchants merchants = new Merchants(addressBook).onboard("m-concurrent", 15);
        List<DepositAddress> targets = List.of(merchants.address("m-concurrent", "ethereum"),
                merchants.address("m-concurrent", "ethereum"), merchants.address("m-concurrent", "ethereum"));
        List<ObservedTransfer> batch = new java.util.ArrayList<>();
        for (int i = 0; i < transferCount; i++) {
            batch.add(transfer("polygon", "0xcc" + i, i % 3, 900, POLYGON_USDC, targets.get(i % 3).address(),
                    1_000_000 + i));
        }
        List<java.util.concurrent.Future<DepositRecorder.Recorded>> results = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int writer = 0; writer < 16; writer++) {
                List<ObservedTransfer> shuffled = new java.util.ArrayList<>(batch);
                java.util.Collections.shuffle(shuffled, new java.util.Random(writer));
                DepositSource source = writer % 2 == 0 ? DepositSource.WEBHOOK : DepositSource.SCANNER;
                results.add(pool.submit(() -> recorder.record(source, shuffled)));
            }
        }
        int inserted = 0;
        for (var result : results) {
            inserted += result.get().inserted().size();
        }

        assertThat(inserted).isEqualTo(transferCount);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE merchant_id = 'm-concurrent'",
                Integer.class)).isEqualTo(transferCount);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.detected' "
                + "AND payload::jsonb -> 'payload' ->> 'merchant_id' = 'm-concurrent'", Integer.class))
                .as("one deposit.detected per deposit, whoever inserted it").isEqualTo(transferCount);
    }

    @Test
    void theLedgerKeyIsTheOneTheLedgerDerives() {
        Deposit deposit = new Deposit(Deposit.idOf("tron", "abc", 0), "tron", "ABC", 0, 1, "h", TRON_USDT, "USDT",
                BigInteger.ONE, "f", "t", "m", java.util.UUID.randomUUID(), DepositStatus.CONFIRMED, null);
        // sha256("tron|abc|0|DEPOSIT"), computed independently with: printf 'tron|abc|0|DEPOSIT' | sha256sum
        assertThat(DepositCredits.ledgerKey(deposit)).isEqualTo(SHA_TRON_ABC_0_DEPOSIT);
    }

    static final String SHA_TRON_ABC_0_DEPOSIT = "94f3c9653b0c1ae9a53a90d439cffa0bf2782150d0817c2c31212f380f89854b";
}
