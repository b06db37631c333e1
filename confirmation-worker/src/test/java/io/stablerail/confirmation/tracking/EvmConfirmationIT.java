package io.stablerail.confirmation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.RawTransaction;

/**
 * confirmation-worker against a real Hardhat node (evm-devnet: finality = depth 3, i.e. head − 2) with automine off,
 * so every block is mined by the test. The checker is driven by the test (its schedule is set to an hour).
 */
@EmbeddedInfra
@SpringBootTest
class EvmConfirmationIT {

    static final BigInteger GAS_LIMIT = BigInteger.valueOf(120_000);
    static final int STUCK_AFTER_BLOCKS = 6;
    static HardhatDevnet devnet;

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        if (devnet == null) {
            devnet = HardhatDevnet.start();
            devnet.setAutomine(false);
        }
        String chain = "stablerail.confirmation.chains.evm-devnet.";
        registry.add(chain + "endpoints[0].name", () -> "hardhat");
        registry.add(chain + "endpoints[0].url", () -> devnet.rpcUrl().toString());
        registry.add(chain + "tokens[0].symbol", () -> "USDT");
        registry.add(chain + "tokens[0].contract", () -> devnet.token(DevnetToken.USDT_LIKE).checksummed());
        registry.add(chain + "tokens[0].decimals", () -> "6");
        registry.add(chain + "tokens[1].symbol", () -> "USDC");
        registry.add(chain + "tokens[1].contract", () -> devnet.token(DevnetToken.USDC_LIKE).checksummed());
        registry.add(chain + "tokens[1].decimals", () -> "6");
        registry.add(chain + "stuck-after-blocks", () -> String.valueOf(STUCK_AFTER_BLOCKS));
        registry.add(chain + "stuck-after", () -> "1h");
        registry.add("stablerail.confirmation.check-interval", () -> "1h");
        registry.add("stablerail.confirmation.recheck-interval", () -> "0s");
        registry.add("stablerail.confirmation.error-backoff-initial", () -> "0s");
        registry.add("stablerail.confirmation.error-backoff-max", () -> "0s");
        registry.add("stablerail.messaging.consumer.attempts-max", () -> "2");
        // the tracked gauge is refreshed at most every tracked-gauge-interval (10 s shipped): every run here
        registry.add("stablerail.confirmation.tracked-gauge-interval", () -> "0s");
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
    @Autowired DeadLetters deadLetters;

    TrackingScenario scenario;
    EvmClient client;
    EvmAddress usdt;

    @BeforeEach
    void setUp() {
        scenario = new TrackingScenario(kafka, topics, jdbc, tracker);
        client = devnet.client();
        usdt = devnet.token(DevnetToken.USDT_LIKE);
        // Hardhat closes idle keep-alive connections after 5 s; the first call after a pause may hit a closed one
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> devnet.blockNumber() >= 0);
    }

    // ---- the story steps ------------------------------------------------------------------------------------------

    record Sent(String hash, byte[] raw, BigInteger nonce) {
    }

    Sent send(LocalKeySigner sender, EvmAddress to, BigInteger amount) {
        return send(sender, to, amount, client.nonceLatest(sender.evmAddress()));
    }

    Sent send(LocalKeySigner sender, EvmAddress to, BigInteger amount, BigInteger nonce) {
        RawTransaction transaction = RawTransaction.createTransaction(nonce, client.gasPrice().multiply(BigInteger.TWO),
                GAS_LIMIT, usdt.checksummed(), BigInteger.ZERO, EvmClient.erc20TransferData(to, amount));
        byte[] raw = EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID, sender);
        return new Sent(client.sendRawTransaction(raw).transactionHash(), raw, nonce);
    }

    TrackRequest withdrawal(String reference, Sent sent, LocalKeySigner from, EvmAddress to, BigInteger amount) {
        return new TrackRequest(TrackPurpose.WITHDRAWAL, reference, "evm-devnet", sent.hash(), usdt.checksummed(),
                from.evmAddress().checksummed(), to.checksummed(), amount.toString(), null,
                sent.nonce().longValueExact(), null, Instant.now(), null);
    }

    LocalKeySigner fundedSender(int account, BigInteger usdtAmount) {
        LocalKeySigner sender = devnet.account(account);
        devnet.mint(DevnetToken.USDT_LIKE, sender.evmAddress(), usdtAmount);
        return sender;
    }

    /**
     * A test-only key that no other test (nor the token owner's mints) uses, so its nonces are the test's own; funded
     * with 1 ETH and 5 USDT.
     */
    LocalKeySigner keyOfItsOwn(String name, String keyHex) {
        LocalKeySigner key = LocalKeySigner.ofPrivateKey(name, new BigInteger(keyHex, 16));
        devnet.fundEth(key.evmAddress(), BigInteger.TEN.pow(18));
        devnet.mint(DevnetToken.USDT_LIKE, key.evmAddress(), BigInteger.valueOf(5_000_000));
        return key;
    }

    static String reference() {
        return "att-" + UUID.randomUUID();
    }

    // ---- scenarios ------------------------------------------------------------------------------------------------

    @Test
    void aTransferIsFinalOnlyOnceTheDepthRuleIsMetAndAnnouncedOnce() {
        LocalKeySigner sender = fundedSender(1, BigInteger.valueOf(100_000_000));
        EvmAddress to = devnet.account(2).evmAddress();
        BigInteger amount = BigInteger.valueOf(12_500_000);
        Sent sent = send(sender, to, amount);
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, amount));

        devnet.mine(1);
        EvmReceipt receipt = client.receipt(sent.hash()).orElseThrow();
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("at the head: not final").isEmpty();
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).blockSeenHash()).isEqualTo(receipt.blockHash());

        devnet.mine(1);
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("2 confirmations: not final").isEmpty();

        devnet.mine(1);
        scenario.check();
        scenario.check();
        devnet.mine(2);
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.getFirst().type()).isEqualTo("transaction.final");
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        assertThat(done.blockNumber()).isEqualTo(receipt.blockNumber());
        assertThat(done.blockHash()).isEqualTo(receipt.blockHash());
        assertThat(done.amount()).isEqualTo("12500000");
        assertThat(done.toAddress()).isEqualTo(to.checksummed());
        assertThat(done.fromAddress()).isEqualTo(sender.evmAddress().checksummed());
        assertThat(done.feeAmount()).isEqualTo(receipt.gasUsed().multiply(receipt.effectiveGasPrice()).toString());
        assertThat(done.feeUnit()).isEqualTo("wei");
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.FINAL);
        await("the relay publishes it to " + Topics.TRANSACTIONS).atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE message_key = ? AND published_at IS NOT NULL",
                        Integer.class, reference) == 1);
        assertThat(meters.timer("stablerail.confirmation.latency", "chain", "evm-devnet", "purpose", "WITHDRAWAL")
                .count()).isPositive();
        assertThat(meters.get("stablerail.confirmation.tracked").tags("chain", "evm-devnet", "status", "FINAL")
                .gauge().value()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void checkersRacingOnTheSameTransactionAnnounceOneOutcome() throws Exception {
        LocalKeySigner sender = fundedSender(1, BigInteger.valueOf(5_000_000));
        EvmAddress to = devnet.account(2).evmAddress();
        Sent sent = send(sender, to, BigInteger.TEN);
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, BigInteger.TEN));
        devnet.mine(3);

        int checkers = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(checkers);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(checkers)) {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < checkers; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return tracker.checkDue("evm-devnet");
                }));
            }
            for (var run : runs) {
                run.get();
            }
        }

        assertThat(scenario.outcomes(reference)).extracting(EventEnvelope::type).containsExactly("transaction.final");
    }

    @Test
    void aReorgBeforeFinalityKeepsTrackingAndTheReincludedTransferIsFinalOnce() {
        LocalKeySigner sender = fundedSender(3, BigInteger.valueOf(50_000_000));
        EvmAddress to = devnet.account(4).evmAddress();
        BigInteger amount = BigInteger.valueOf(7_000_000);
        String snapshot = devnet.snapshot();
        Sent sent = send(sender, to, amount);
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, amount));
        devnet.mine(1);
        EvmReceipt first = client.receipt(sent.hash()).orElseThrow();
        scenario.check();
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).blockSeenHash()).isEqualTo(first.blockHash());

        devnet.revert(snapshot); // the block holding the transfer is gone
        devnet.dropTransaction(sent.hash());
        devnet.mine(3); // the old height is now below the finality point, on another branch
        assertThat(client.receipt(sent.hash())).isEmpty();
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("its block was reorganized away: keep tracking").isEmpty();
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.TRACKING);

        client.sendRawTransaction(sent.raw()); // re-included
        devnet.mine(1);
        EvmReceipt second = client.receipt(sent.hash()).orElseThrow();
        assertThat(second.blockHash()).isNotEqualTo(first.blockHash());
        scenario.check();
        assertThat(scenario.outcomes(reference)).isEmpty();
        devnet.mine(2);
        scenario.check();
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).hasSize(1);
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        assertThat(done.blockHash()).isEqualTo(second.blockHash());
        assertThat(done.blockNumber()).isEqualTo(second.blockNumber());
    }

    @Test
    void aRevertedTransferFailsWithTheBurnedFee() {
        LocalKeySigner sender = fundedSender(5, BigInteger.valueOf(10_000_000));
        devnet.blacklist(DevnetToken.USDT_LIKE, sender.evmAddress());
        EvmAddress to = devnet.account(6).evmAddress();
        BigInteger amount = BigInteger.valueOf(1_000_000);
        Sent sent = send(sender, to, amount);
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, amount));
        devnet.mine(3);
        EvmReceipt receipt = client.receipt(sent.hash()).orElseThrow();
        assertThat(receipt.succeeded()).isFalse();

        scenario.check();
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        TransactionFailed failed = outcomes.getFirst().payloadAs(TransactionFailed.class);
        assertThat(failed.reason()).isEqualTo(FailureReason.REVERTED);
        assertThat(new BigInteger(failed.feeAmount())).isPositive()
                .isEqualTo(receipt.gasUsed().multiply(receipt.effectiveGasPrice()));
        assertThat(failed.blockHash()).isEqualTo(receipt.blockHash());
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.FAILED);
    }

    /**
     * An ops cancel or a nonce gap filler is tracked as a SELF_SEND: the wallet's zero-value send to itself at its
     * nonce is FINAL at depth 3 with its fee, no token and no log index; a token transfer tracked as a self-send is
     * not one (FAILED MISMATCH).
     */
    @Test
    void aSelfSendIsFinalAtDepthAsTheWalletsZeroValueSendToItselfAndATokenTransferIsNotOne() {
        LocalKeySigner wallet = keyOfItsOwn("self-sender",
                "6b2ec0c1e0b1ad0f4c3ab1c9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0e1");
        String self = wallet.evmAddress().checksummed();
        BigInteger nonce = client.nonceLatest(wallet.evmAddress());
        RawTransaction selfSend = RawTransaction.createEtherTransaction(nonce,
                client.gasPrice().multiply(BigInteger.TWO), BigInteger.valueOf(21_000), self, BigInteger.ZERO);
        String selfHash = client.sendRawTransaction(EvmTransactionSigning.sign(selfSend, HardhatDevnet.CHAIN_ID,
                wallet)).transactionHash();
        Sent transfer = send(wallet, devnet.account(2).evmAddress(), BigInteger.ONE, nonce.add(BigInteger.ONE));
        String selfRef = reference();
        String transferRef = reference();
        scenario.track(new TrackRequest(TrackPurpose.SELF_SEND, selfRef, "evm-devnet", selfHash, null, self, self,
                "0", null, nonce.longValueExact(), null, Instant.now(), null));
        scenario.track(new TrackRequest(TrackPurpose.SELF_SEND, transferRef, "evm-devnet", transfer.hash(), null,
                self, self, "0", null, transfer.nonce().longValueExact(), null, Instant.now(), null));

        devnet.mine(1);
        scenario.check();
        assertThat(scenario.outcomes(selfRef)).as("at the head: not final").isEmpty();
        devnet.mine(2);
        scenario.check();

        EvmReceipt receipt = client.receipt(selfHash).orElseThrow();
        List<EventEnvelope> outcomes = scenario.outcomes(selfRef);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        assertThat(done.purpose()).isEqualTo(TrackPurpose.SELF_SEND);
        assertThat(done.tokenContract()).isNull();
        assertThat(done.logIndex()).isNull();
        assertThat(done.amount()).isEqualTo("0");
        assertThat(done.fromAddress()).isEqualTo(self);
        assertThat(done.toAddress()).isEqualTo(self);
        assertThat(done.blockHash()).isEqualTo(receipt.blockHash());
        assertThat(done.feeAmount()).isEqualTo(receipt.gasUsed().multiply(receipt.effectiveGasPrice()).toString());
        assertThat(scenario.row(TrackPurpose.SELF_SEND, selfRef).status()).isEqualTo(TrackingStatus.FINAL);

        List<EventEnvelope> other = scenario.outcomes(transferRef);
        assertThat(other).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        TransactionFailed notSelf = other.getFirst().payloadAs(TransactionFailed.class);
        assertThat(notSelf.reason()).isEqualTo(FailureReason.MISMATCH);
        assertThat(notSelf.detail()).contains("not a zero-value self-send");
    }

    @Test
    void aTransferOfAnotherAmountThanTrackedFailsAsMismatch() {
        LocalKeySigner sender = fundedSender(7, BigInteger.valueOf(10_000_000));
        EvmAddress to = devnet.account(8).evmAddress();
        Sent sent = send(sender, to, BigInteger.valueOf(2_000_000));
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, BigInteger.valueOf(2_000_001)));
        devnet.mine(3);
        double mismatchesBefore = mismatches();

        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.failed");
        TransactionFailed failed = outcomes.getFirst().payloadAs(TransactionFailed.class);
        assertThat(failed.reason()).isEqualTo(FailureReason.MISMATCH);
        assertThat(failed.detail()).contains("2000001", "2000000");
        assertThat(mismatches()).isEqualTo(mismatchesBefore + 1);
    }

    double mismatches() {
        var counter = meters.find("stablerail.confirmation.outcomes").tags("chain", "evm-devnet", "outcome", "FAILED",
                "reason", "MISMATCH").counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A run reads the head once; deposits seen in a block above the finality point cost no receipt lookup until the
     * finality point passes it, then one run decides them all.
     */
    @Test
    void depositsAboveTheFinalityPointCostNoReceiptLookUntilItPassesTheirBlock() {
        LocalKeySigner payer = fundedSender(6, BigInteger.valueOf(10_000_000));
        EvmAddress depositAddress = devnet.account(2).evmAddress();
        List<Sent> sent = new java.util.ArrayList<>();
        BigInteger nonce = client.nonceLatest(payer.evmAddress());
        for (int i = 1; i <= 3; i++) { // three pending transfers, mined together
            sent.add(send(payer, depositAddress, BigInteger.valueOf(1_000_000L * i), nonce.add(BigInteger.valueOf(i - 1))));
        }
        devnet.mine(1);
        List<String> deposits = new java.util.ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            EvmReceipt receipt = client.receipt(sent.get(i).hash()).orElseThrow();
            String depositId = "dep-" + UUID.randomUUID();
            deposits.add(depositId);
            scenario.track(new TrackRequest(TrackPurpose.DEPOSIT, depositId, "evm-devnet", sent.get(i).hash(),
                    usdt.checksummed(), null, depositAddress.checksummed(), Long.toString(1_000_000L * (i + 1)),
                    receipt.logs().getFirst().logIndex(), null, null, Instant.now(), receipt.blockNumber()));
        }
        // only this test's rows are due, so the node reads below are theirs
        jdbc.update("UPDATE tracked_transaction SET next_check_at = now() + interval '1 hour' "
                + "WHERE status IN ('TRACKING', 'STUCK') AND reference <> ALL(?)", (Object) deposits.toArray(String[]::new));

        long receipts = reads("receipt");
        long heads = reads("block-latest");
        scenario.check(); // their block is the head: above the finality point (depth 3)
        assertThat(reads("receipt") - receipts).as("no receipt read for rows above the finality point").isZero();
        assertThat(reads("block-latest") - heads).as("the head read once per run").isEqualTo(1);
        deposits.forEach(id -> assertThat(scenario.outcomes(id)).isEmpty());

        devnet.mine(2);
        jdbc.update("UPDATE tracked_transaction SET next_check_at = now() WHERE reference = ANY(?)",
                (Object) deposits.toArray(String[]::new));
        scenario.check();
        assertThat(reads("receipt") - receipts).as("one receipt per row once final").isEqualTo(3);
        assertThat(reads("block-latest") - heads).isEqualTo(2);
        deposits.forEach(id -> assertThat(scenario.outcomes(id)).extracting(EventEnvelope::type)
                .containsExactly("transaction.final"));
    }

    long reads(String operation) {
        return meters.find("stablerail.chain.rpc").tag("operation", operation).timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    @Test
    void aDepositRequestDeliveredTwiceAndRepeatedIsTrackedOnceAndAnnouncedOnce() {
        LocalKeySigner payer = fundedSender(9, BigInteger.valueOf(10_000_000));
        EvmAddress depositAddress = devnet.account(2).evmAddress();
        Sent sent = send(payer, depositAddress, BigInteger.valueOf(3_000_000));
        devnet.mine(1);
        EvmReceipt receipt = client.receipt(sent.hash()).orElseThrow();
        String depositId = "dep-" + UUID.randomUUID();
        TrackRequest request = new TrackRequest(TrackPurpose.DEPOSIT, depositId, "evm-devnet", sent.hash(),
                usdt.checksummed(), null, depositAddress.checksummed(), "3000000",
                receipt.logs().getFirst().logIndex(), null, null, Instant.now(), null);
        EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID(), request, Instant.now());

        scenario.publish(envelope);
        scenario.publish(envelope);
        EventEnvelope again = scenario.publish(request); // the same fact under a new event id
        await().atMost(Duration.ofSeconds(30)).until(() -> scenario.inboxRows(again.eventId()) == 1
                && scenario.inboxRows(envelope.eventId()) == 1);
        assertThat(scenario.trackedRows(TrackPurpose.DEPOSIT, depositId)).isEqualTo(1);

        devnet.mine(2);
        scenario.check();
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(depositId);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.final");
        TransactionFinal done = outcomes.getFirst().payloadAs(TransactionFinal.class);
        assertThat(done.purpose()).isEqualTo(TrackPurpose.DEPOSIT);
        assertThat(done.logIndex()).isEqualTo(receipt.logs().getFirst().logIndex());
        assertThat(outcomes.getFirst().aggregateId()).isEqualTo(depositId);
    }

    @Test
    void aRequestForAnotherTransactionUnderATrackedReferenceGoesToTheDeadLetterTopic() {
        LocalKeySigner sender = fundedSender(1, BigInteger.valueOf(5_000_000));
        EvmAddress to = devnet.account(2).evmAddress();
        Sent sent = send(sender, to, BigInteger.ONE);
        devnet.mine(1);
        String reference = reference();
        scenario.track(withdrawal(reference, sent, sender, to, BigInteger.ONE));
        Sent other = new Sent("0x" + "ab".repeat(32), sent.raw(), sent.nonce());

        EventEnvelope conflicting = scenario.publish(withdrawal(reference, other, sender, to, BigInteger.ONE));

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.TRACK_REQUESTS, 100).stream()
                .anyMatch(letter -> letter.value().contains(conflicting.eventId().toString())));
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).txHash()).isEqualTo(sent.hash());
        assertThat(scenario.inboxRows(conflicting.eventId())).isZero();
    }

    @Test
    void anUnminedWithdrawalIsReportedStuckOnceThenDroppedWhenItsNonceIsUsedByAnother() {
        LocalKeySigner sender = keyOfItsOwn("stuck-sender",
                "5e1fc0c1e0b1ad0f4c3ab1c9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9");
        EvmAddress to = devnet.account(2).evmAddress();
        Sent lost = send(sender, to, BigInteger.valueOf(1_000));
        devnet.dropTransaction(lost.hash()); // never mined
        String reference = reference();
        scenario.track(withdrawal(reference, lost, sender, to, BigInteger.valueOf(1_000)));
        scenario.check(); // the first look sets where the stuck bound starts

        devnet.mine(STUCK_AFTER_BLOCKS - 1);
        scenario.check();
        assertThat(scenario.outcomes(reference)).isEmpty();
        devnet.mine(1);
        scenario.check();
        scenario.check();
        assertThat(scenario.outcomes(reference)).extracting(EventEnvelope::type).containsExactly("transaction.stuck");
        TransactionStuck stuck = scenario.outcomes(reference).getFirst().payloadAs(TransactionStuck.class);
        assertThat(stuck.nonce()).isEqualTo(lost.nonce().longValueExact());
        assertThat(stuck.blocksWaited()).isGreaterThanOrEqualTo(STUCK_AFTER_BLOCKS);
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.STUCK);

        Sent replacement = send(sender, to, BigInteger.valueOf(999), lost.nonce()); // the same nonce, another tx
        devnet.mine(1);
        scenario.check();
        assertThat(scenario.outcomes(reference)).as("nonce used, not final yet").hasSize(1);
        devnet.mine(2);
        scenario.check();

        List<EventEnvelope> outcomes = scenario.outcomes(reference);
        assertThat(outcomes).extracting(EventEnvelope::type).containsExactly("transaction.stuck", "transaction.dropped");
        TransactionDropped dropped = outcomes.get(1).payloadAs(TransactionDropped.class);
        assertThat(dropped.reason()).isEqualTo(DropReason.NONCE_CONSUMED);
        assertThat(client.receipt(replacement.hash())).isPresent();
        assertThat(scenario.row(TrackPurpose.WITHDRAWAL, reference).status()).isEqualTo(TrackingStatus.DROPPED);
    }
}
