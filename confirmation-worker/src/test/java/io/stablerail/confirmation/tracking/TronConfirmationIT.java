package io.stablerail.confirmation.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tron.trident.proto.Response.TransactionInfo;

/**
 * confirmation-worker against the in-JVM TRON devnet (solidified = head − 18), enabled the way the local stack does
 * it ({@code stablerail.confirmation.local-devnets.*}). Blocks are produced by the test and the checker is driven by
 * the test.
 */
@EmbeddedInfra
@SpringBootTest
class TronConfirmationIT {

    static final int LAG = TronDevnet.SOLIDIFICATION_LAG_BLOCKS;
    static TronDevnet devnet;

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        if (devnet == null) {
            devnet = TronDevnet.start();
        }
        // as the local stack hands the devnet over (STABLERAIL_TRON_DEVNET_*): the local-devnets path
        registry.add("stablerail.confirmation.local-devnets.tron-endpoint", () -> devnet.endpoint());
        registry.add("stablerail.confirmation.local-devnets.tron-usdt", () -> devnet.usdtContract().base58());
        registry.add("stablerail.confirmation.check-interval", () -> "1h");
        registry.add("stablerail.confirmation.recheck-interval", () -> "0s");
        registry.add("stablerail.confirmation.error-backoff-initial", () -> "0s");
        registry.add("stablerail.confirmation.error-backoff-max", () -> "0s");
        // a node call that never answers (fault injection) fails after 3 × 3 s instead of 3 × 10 s
        registry.add("stablerail.confirmation.rpc-timeout", () -> "3s");
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topics;
    @Autowired JdbcTemplate jdbc;
    @Autowired Tracker tracker;
    @Autowired MeterRegistry meters;
    @Autowired io.stablerail.messaging.deadletter.DeadLetters deadLetters;

    TrackingScenario scenario;
    TronClient client;
    final TronAddress recipient = TronAddress.parse("TJRabPrwbZy45sbavfcjinPJC18kjpRTv8");

    @BeforeEach
    void setUp() {
        scenario = new TrackingScenario(kafka, topics, jdbc, tracker);
        client = new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L));
    }

    @AfterEach
    void tearDown() {
        devnet.faults().clear();
        client.close();
    }

    LocalKeySigner fundedSender() {
        LocalKeySigner sender = LocalKeySigner.ofPrivateKey("tron-sender", 
                new BigInteger(250, new java.security.SecureRandom()).add(BigInteger.ONE));
        devnet.fundTrx(sender.tronAddress(), 1_000_000_000L);
        devnet.mintUsdt(sender.tronAddress(), BigInteger.valueOf(100_000_000));
        devnet.produceBlocks(1);
        return sender;
    }

    TrackRequest withdrawal(String reference, SignedTronTransaction signed, LocalKeySigner from, BigInteger amount) {
        return new TrackRequest(TrackPurpose.WITHDRAWAL, reference, "tron-devnet", signed.txid(),
                devnet.usdtContract().base58(), from.tronAddress().base58(), recipient.base58(), amount.toString(),
                null, null, signed.expirationMillis(), Instant.now(), null);
    }

    @Test
    void aTransferIsFinalOnlyOnceSolidifiedAndAnnouncedOnce() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(12_500_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        client.broadcast(signed);
        String reference = "att-" + UUID.randomUUID();
        scenario.track(withdrawal(reference, signed, sender, amount));

        devnet.produceBlocks(1);
        long block = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        scenario.check();
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).blockSeenNumber()).isEqualTo(block);
        devnet.produceBlocks(LAG - 1);
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("one block short of solidified").isEmpty();

        devnet.produceBlocks(1);
        scenario.check();
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.SOLIDITY).orElseThrow();
        assertThat(done.blockNumber()).isEqualTo(block);
        assertThat(done.blockHash()).isEqualTo(devnet.blockId(block).orElseThrow());
        assertThat(done.feeAmount()).isEqualTo(String.valueOf(info.getFee()));
        assertThat(done.feeUnit()).isEqualTo("sun");
        assertThat(done.amount()).isEqualTo("12500000");
        assertThat(done.fromAddress()).isEqualTo(sender.tronAddress().base58());
        assertThat(done.toAddress()).isEqualTo(recipient.base58());
        assertThat(done.tokenContract()).isEqualTo(devnet.usdtContract().base58());
    }

    @Test
    void aForkBeforeSolidificationIsInvisibleAndTheTransferIsFinalOnceInItsNewBlock() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(3_000_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        client.broadcast(signed);
        String reference = "att-" + UUID.randomUUID();
        scenario.track(withdrawal(reference, signed, sender, amount));
        devnet.produceBlocks(2);
        long block = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        String replacedId = devnet.blockId(block).orElseThrow();
        scenario.check();

        devnet.fork(2); // both blocks replaced; the transfer goes back to pending and into the first new block
        devnet.produceBlocks(1);
        long newBlock = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        String newId = devnet.blockId(newBlock).orElseThrow();
        assertThat(newId).isNotEqualTo(replacedId);
        scenario.check();
        assertThat(scenario.outcomes(reference)).isEmpty();

        devnet.produceBlocks(LAG);
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        assertThat(done.blockNumber()).isEqualTo(newBlock);
        assertThat(done.blockHash()).isEqualTo(newId).isNotEqualTo(replacedId);
    }

    @Test
    void anAcceptedButNeverIncludedTransactionIsDroppedOnlyOnceItsExpirationIsBelowTheSolidifiedHead() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(1_000_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        devnet.faults().acceptThenDrop(1);
        client.broadcast(signed); // SUCCESS, then forgotten
        String reference = "att-" + UUID.randomUUID();
        scenario.track(withdrawal(reference, signed, sender, amount));

        devnet.produceBlocks(21); // past its expiration at the head, but not at the solidified block
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("expired at the head only: not provably dead").isEmpty();

        devnet.produceBlocks(LAG + 2);
        scenario.check();
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.dropped");
        TransactionDropped dropped = outcomes.getFirst().payloadAs(TransactionDropped.class);
        assertThat(dropped.reason()).isEqualTo(DropReason.EXPIRED);
        assertThat(dropped.finalityBlockNumber()).isLessThanOrEqualTo(devnet.solidifiedBlockNumber());
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.DROPPED);
    }

    @Test
    void aRevertedTransferFailsOnceSolidifiedWithTheBurnedFee() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(1_000_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        devnet.blacklistUsdt(sender.tronAddress()); // after signing: the transfer reverts on chain
        client.broadcast(signed);
        String reference = "att-" + UUID.randomUUID();
        scenario.track(withdrawal(reference, signed, sender, amount));

        devnet.produceBlocks(1 + LAG);
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        TransactionFailed failed = outcomes.getFirst().payloadAs(TransactionFailed.class);
        assertThat(failed.reason()).isEqualTo(FailureReason.REVERTED);
        TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.SOLIDITY).orElseThrow();
        assertThat(failed.feeAmount()).isEqualTo(String.valueOf(info.getFee()));
        assertThat(info.getFee()).isPositive();
    }

    @Test
    void aDepositOfAnotherRecipientThanTrackedFailsAsMismatch() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(2_000_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        client.broadcast(signed);
        String depositId = "dep-" + UUID.randomUUID();
        scenario.track(new TrackRequest(TrackPurpose.DEPOSIT, depositId, "tron-devnet", signed.txid(),
                devnet.usdtContract().base58(), null, sender.tronAddress().base58(), amount.toString(), 0L, null,
                null, Instant.now(), null));

        devnet.produceBlocks(1 + LAG);
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(depositId);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        assertThat(outcomes.getFirst().payloadAs(TransactionFailed.class).reason()).isEqualTo(FailureReason.MISMATCH);
    }

    @Test
    void depositsInOneSolidifiedBlockAreFinalWithItsIdReadFromTheNodeOnce() {
        LocalKeySigner sender = fundedSender();
        List<String> deposits = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            BigInteger amount = BigInteger.valueOf(1_000_000L * i);
            SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
            client.broadcast(signed);
            String depositId = "dep-" + UUID.randomUUID();
            scenario.track(new TrackRequest(TrackPurpose.DEPOSIT, depositId, "tron-devnet", signed.txid(),
                    devnet.usdtContract().base58(), null, recipient.base58(), amount.toString(), 0L, null, null,
                    Instant.now(), null));
            deposits.add(depositId);
        }
        devnet.produceBlocks(1 + LAG); // the three in one block, solidified
        long blockReadsBefore = reads("block-solidity");
        long solidifiedHeadReadsBefore = reads("solidifiedBlock");

        scenario.check();

        List<TransactionFinal> finals = deposits.stream().map(scenario::outcomes)
                .peek(outcomes -> assertThat(outcomes).extracting(EventEnvelope::type)
                        .containsExactly("transaction.final"))
                .map(outcomes -> outcomes.getFirst().payloadAs(TransactionFinal.class)).toList();
        long block = finals.getFirst().blockNumber();
        assertThat(finals).extracting(TransactionFinal::blockNumber).containsOnly(block);
        assertThat(finals).extracting(TransactionFinal::blockHash)
                .containsOnly(devnet.blockId(block).orElseThrow());
        assertThat(reads("block-solidity") - blockReadsBefore)
                .as("the solidified block's id is read once for its three deposits").isEqualTo(1);
        assertThat(reads("solidifiedBlock") - solidifiedHeadReadsBefore)
                .as("deposits have no expiration: the solidified head (a whole block) is not read for them").isZero();
    }

    /**
     * A poll of track requests is stored with one insert in one transaction; a request naming another transaction
     * under an already tracked reference is dead-lettered alone and every other request of its poll is tracked.
     */
    @Test
    void aPollOfTrackRequestsIsStoredTogetherAndAConflictingOneIsDeadLetteredAlone() {
        String usdt = devnet.usdtContract().base58();
        String tracked = "poll-" + UUID.randomUUID();
        String txid = "ab".repeat(32);
        scenario.track(new TrackRequest(TrackPurpose.DEPOSIT, tracked, "tron-devnet", txid, usdt, null,
                recipient.base58(), "1000000", 0L, null, null, Instant.now(), 1L));
        List<String> references = new java.util.ArrayList<>();
        List<EventEnvelope> envelopes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String reference = "poll-" + UUID.randomUUID();
            references.add(reference);
            envelopes.add(EventEnvelope.of(UUID.randomUUID(), new TrackRequest(TrackPurpose.DEPOSIT, reference,
                    "tron-devnet", String.format("%064x", 0xc0ffeeL * 100 + i), usdt, null, recipient.base58(),
                    Long.toString(1_000_000 + i), 0L, null, null, Instant.now(), 1L), Instant.now()));
        }
        EventEnvelope conflicting = EventEnvelope.of(UUID.randomUUID(), new TrackRequest(TrackPurpose.DEPOSIT,
                tracked, "tron-devnet", "cd".repeat(32), usdt, null, recipient.base58(), "1000000", 0L, null, null,
                Instant.now(), 1L), Instant.now());
        envelopes.add(20, conflicting);
        for (EventEnvelope envelope : envelopes) { // sent together: the consumer gets them in one or a few polls
            kafka.send(topics.of(io.stablerail.events.Topics.TRACK_REQUESTS), envelope.aggregateId(),
                    io.stablerail.events.EventJson.write(envelope));
        }
        kafka.flush();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters
                .list(io.stablerail.events.Topics.TRACK_REQUESTS, 100).stream()
                .anyMatch(letter -> letter.value().contains(conflicting.eventId().toString())));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> references.stream()
                .allMatch(reference -> scenario.trackedRows(TrackPurpose.DEPOSIT, reference) == 1));
        assertThat(scenario.row(TrackPurpose.DEPOSIT, tracked).txHash()).isEqualTo(txid);
        assertThat(scenario.inboxRows(conflicting.eventId())).isZero();
        assertThat(commitsOf("tracked_transaction", "reference", references))
                .as("stored together, not one transaction per request").isLessThan(40);
        // made-up transactions: closed, so later checker runs of this class do not look at them
        references.add(tracked);
        jdbc.update("UPDATE tracked_transaction SET status = 'DROPPED', resolved_at = now() WHERE reference = ANY(?)",
                (Object) references.toArray(String[]::new));
    }

    TrackRequest deposit(String depositId, SignedTronTransaction signed, TronAddress to, BigInteger amount,
            Long blockNumber) {
        return new TrackRequest(TrackPurpose.DEPOSIT, depositId, "tron-devnet", signed.txid(),
                devnet.usdtContract().base58(), null, to.base58(), amount.toString(), 0L, null, null, Instant.now(),
                blockNumber);
    }

    /** Node reads by operation, to compare before and after a run. */
    static final List<String> OPERATIONS = List.of("solidifiedBlock", "nowBlock", "transactionInfos-solidity",
            "transactionInfo-solidity", "transactionInfo-full", "transaction-solidity", "block-solidity");

    java.util.Map<String, Long> readCounts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        OPERATIONS.forEach(operation -> counts.put(operation, reads(operation)));
        return counts;
    }

    java.util.Map<String, Long> readsSince(java.util.Map<String, Long> before) {
        java.util.Map<String, Long> delta = new java.util.TreeMap<>();
        readCounts().forEach((operation, count) -> delta.put(operation, count - before.get(operation)));
        return delta;
    }

    /** Transfers {@code 1..count} (recipient and amount by number), broadcast and made into one new block. */
    List<SignedTronTransaction> inOneBlock(LocalKeySigner sender, int count,
            java.util.function.IntFunction<TronAddress> to, java.util.function.IntFunction<BigInteger> amount) {
        List<SignedTronTransaction> sent = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, to.apply(i),
                    amount.apply(i));
            client.broadcast(signed);
            sent.add(signed);
        }
        devnet.produceBlocks(1);
        return sent;
    }

    /** Distinct writing transactions (xmin) of the rows: 1 = one commit wrote them all. */
    int commitsOf(String table, String column, List<String> keys) {
        return jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM " + table + " WHERE " + column
                + " = ANY(?)", Integer.class, (Object) keys.toArray(String[]::new));
    }

    @Test
    void depositsSeenInOneBlockCostNoLookUntilSolidifiedThenOneInfoReadOfTheBlockAndOneCommit() {
        LocalKeySigner sender = fundedSender();
        TronAddress stranger = TronAddress.parse("TCNkawTmcQgYSU8nP8cHswT1QPjharxJr7");
        // the seventh pays someone else than its request names: FAILED MISMATCH, decided from the block's infos
        List<SignedTronTransaction> sent = inOneBlock(sender, 7, i -> i == 7 ? stranger : recipient,
                i -> BigInteger.valueOf(1_000_000L * i));
        long block = client.transactionInfo(sent.getFirst().txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        List<String> deposits = new java.util.ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            SignedTronTransaction signed = sent.get(i);
            assertThat(client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber())
                    .as("all in one block").isEqualTo(block);
            String depositId = "dep-" + UUID.randomUUID();
            scenario.track(deposit(depositId, signed, recipient, BigInteger.valueOf(1_000_000L * (i + 1)), block));
            deposits.add(depositId);
        }

        java.util.Map<String, Long> before = readCounts();
        scenario.check(); // the block is not solidified yet
        assertThat(readsSince(before)).as("seen above the solidified head: the head read once, nothing else")
                .containsEntry("solidifiedBlock", 1L).containsEntry("transactionInfos-solidity", 0L)
                .containsEntry("transactionInfo-solidity", 0L).containsEntry("transactionInfo-full", 0L)
                .containsEntry("nowBlock", 0L).containsEntry("block-solidity", 0L);
        for (String depositId : deposits) {
            assertThat(scenario.outcomes(depositId)).isEmpty();
            TrackedTransaction row = scenario.row(TrackPurpose.DEPOSIT, depositId);
            assertThat(row.status()).isEqualTo(TrackingStatus.TRACKING);
            assertThat(row.blockSeenNumber()).isEqualTo(block);
            assertThat(row.attempts()).isEqualTo(1);
        }

        devnet.produceBlocks(LAG);
        before = readCounts();
        scenario.check();

        assertThat(readsSince(before)).as("one info read for the block's seven rows, no per-transaction read")
                .containsEntry("solidifiedBlock", 1L).containsEntry("transactionInfos-solidity", 1L)
                .containsEntry("transactionInfo-solidity", 0L).containsEntry("transactionInfo-full", 0L)
                .containsEntry("nowBlock", 0L).containsEntry("block-solidity", 1L);
        for (int i = 0; i < 6; i++) {
            List<EventEnvelope> outcomes = scenario.outcomes(deposits.get(i));
            assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
            TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
            assertThat(done.blockNumber()).isEqualTo(block);
            assertThat(done.blockHash()).isEqualTo(devnet.blockId(block).orElseThrow());
            assertThat(done.amount()).isEqualTo(String.valueOf(1_000_000L * (i + 1)));
            assertThat(done.txHash()).isEqualTo(sent.get(i).txid());
        }
        List<EventEnvelope> mismatch = scenario.outcomes(deposits.get(6));
        assertThat(mismatch).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        assertThat(mismatch.getFirst().payloadAs(TransactionFailed.class).reason())
                .isEqualTo(FailureReason.MISMATCH);
        assertThat(commitsOf("outbox_event", "message_key", deposits)).as("seven outcomes, one commit").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM tracked_transaction WHERE purpose = "
                + "'DEPOSIT' AND reference = ANY(?)", Integer.class, (Object) deposits.toArray(String[]::new)))
                .as("and the seven rows in that same run's one commit").isEqualTo(1);

        scenario.check();
        deposits.forEach(depositId -> assertThat(scenario.outcomes(depositId)).as("announced once").hasSize(1));
    }

    @Test
    void aDepositNotInTheBlockItsRequestNamedIsStillDecidedByTheTransactionItself() {
        LocalKeySigner sender = fundedSender();
        BigInteger amount = BigInteger.valueOf(4_000_000);
        SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
        SignedTronTransaction other = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient,
                amount.add(BigInteger.ONE));
        client.broadcast(signed);
        client.broadcast(other);
        devnet.produceBlocks(1);
        long block = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        // as a block reorganized away before solidification would leave it: the hint names a block without the
        // transaction (the one before), or one far beyond the chain (not trusted as a hint at all)
        String earlier = "dep-" + UUID.randomUUID();
        scenario.track(deposit(earlier, signed, recipient, amount, block - 1));
        String beyond = "dep-" + UUID.randomUUID();
        scenario.track(deposit(beyond, other, recipient, amount.add(BigInteger.ONE), block + 1_000_000));
        devnet.produceBlocks(LAG);

        java.util.Map<String, Long> before = readCounts();
        scenario.check();

        for (String depositId : List.of(earlier, beyond)) {
            List<EventEnvelope> outcomes = scenario.outcomes(depositId);
            assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
            TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
            assertThat(done.blockNumber()).as("its real block").isEqualTo(block);
            assertThat(done.blockHash()).isEqualTo(devnet.blockId(block).orElseThrow());
            assertThat(scenario.row(TrackPurpose.DEPOSIT, depositId).blockSeenNumber()).isEqualTo(block);
        }
        assertThat(readsSince(before)).as("the named block's infos read once, then each by its own info")
                .containsEntry("transactionInfos-solidity", 1L).containsEntry("transactionInfo-solidity", 2L)
                .containsEntry("solidifiedBlock", 1L);
    }

    @Test
    void aBlockWhoseInfosCannotBeReadFailsOnlyItsRowsWhileTheRestOfTheRunIsDecided() {
        LocalKeySigner sender = fundedSender();
        SignedTronTransaction inBlock = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient,
                BigInteger.valueOf(7_000_000));
        SignedTronTransaction noHint = client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient,
                BigInteger.valueOf(7_000_001));
        client.broadcast(inBlock);
        client.broadcast(noHint);
        devnet.produceBlocks(1);
        long block = client.transactionInfo(inBlock.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        String byBlock = "dep-" + UUID.randomUUID();
        scenario.track(deposit(byBlock, inBlock, recipient, BigInteger.valueOf(7_000_000), block));
        String byRow = "dep-" + UUID.randomUUID();
        scenario.track(deposit(byRow, noHint, recipient, BigInteger.valueOf(7_000_001), null));
        devnet.produceBlocks(LAG);
        devnet.faults().timeout("protocol.WalletSolidity/GetTransactionInfoByBlockNum");

        scenario.check();

        assertThat(scenario.outcomes(byRow)).as("the rest of the run is decided")
                .extracting(EventEnvelope::type).containsExactly("transaction.final");
        assertThat(scenario.outcomes(byBlock)).as("nothing decided from a failed look").isEmpty();
        TrackedTransaction failed = scenario.row(TrackPurpose.DEPOSIT, byBlock);
        assertThat(failed.status()).isEqualTo(TrackingStatus.TRACKING);
        assertThat(failed.consecutiveErrors()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM tracked_transaction WHERE id = ?", String.class,
                failed.id())).contains("transactionInfos-solidity");

        devnet.faults().clear();
        scenario.check();
        assertThat(scenario.outcomes(byBlock)).extracting(EventEnvelope::type).containsExactly("transaction.final");
        assertThat(scenario.row(TrackPurpose.DEPOSIT, byBlock).consecutiveErrors()).isZero();
        assertThat(scenario.outcomes(byRow)).as("still announced once").hasSize(1);
    }

    @Test
    void checkersRacingOverTheSameBlockOfDepositsAnnounceEachOutcomeOnce() throws Exception {
        LocalKeySigner sender = fundedSender();
        List<SignedTronTransaction> sent = inOneBlock(sender, 5, i -> recipient, i -> BigInteger.valueOf(100_000L * i));
        long block = client.transactionInfo(sent.getFirst().txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        List<String> deposits = new java.util.ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            String depositId = "dep-" + UUID.randomUUID();
            scenario.track(deposit(depositId, sent.get(i), recipient, BigInteger.valueOf(100_000L * (i + 1)),
                    block));
            deposits.add(depositId);
        }
        devnet.produceBlocks(LAG);

        int checkers = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(checkers);
        int resolved = 0;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(checkers)) {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < checkers; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return tracker.checkDue("tron-devnet");
                }));
            }
            for (java.util.concurrent.Future<Integer> run : runs) {
                resolved += run.get();
            }
        }

        assertThat(resolved).as("each row resolved by exactly one of the racing runs").isEqualTo(deposits.size());
        for (String depositId : deposits) {
            assertThat(scenario.outcomes(depositId)).extracting(EventEnvelope::type)
                    .containsExactly("transaction.final");
            assertThat(scenario.row(TrackPurpose.DEPOSIT, depositId).status()).isEqualTo(TrackingStatus.FINAL);
        }
    }

    long reads(String operation) {
        return meters.find("stablerail.chain.rpc").tag("operation", operation).timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
