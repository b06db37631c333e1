package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.support.InProcessLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/**
 * {@code transaction.dropped} on the real TRON devnet through the real TRON sender and keystore signer, the real
 * broker and consumer, funds in the real ledger in-process: a node accepts the attempt and forgets it (never pending,
 * never in a block). confirmation-worker's report — here computed by the test exactly as the worker decides it
 * ({@code TronClient.provablyDead}: expiration older than the solidified head, absent on the solidity node) — is
 * delivered twice, plus once EARLY (only the head past the expiration): the early one builds nothing; once the proof
 * holds, exactly one new attempt is built and exactly one transfer reaches the recipient.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.withdrawal.broadcast.enabled=false",
        "stablerail.withdrawal.broadcast.resend-backoff-initial=1ms",
        "stablerail.withdrawal.broadcast.resend-backoff-max=2ms",
        "stablerail.withdrawal.intake.recovery-interval=1h",
        "stablerail.withdrawal.policy.address-cooldown=0s",
        "stablerail.chains.call-timeout=2s",
        "stablerail.withdrawal.signers.tron-devnet.keystore-password-env=DEVNET_TRON_KEYSTORE_PASSWORD"})
@Import(DevnetDroppedIT.SignerEnvironmentConfiguration.class)
class DevnetDroppedIT extends DevnetServiceTest {

    static final TronDevnet TRON = TronDevnet.start();
    static final BigInteger TRON_HOT_KEY =
            new BigInteger("5c6e2b4a0f1d3e8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f51", 16);
    static final TronAddress TRON_HOT = LocalKeySigner.ofPrivateKey("t", TRON_HOT_KEY).tronAddress();
    static final String KEYSTORE_PASSWORD = "devnet keystore password";
    static final Path KEYSTORE = tronKeystore();

    static {
        TRON.produceBlocks(2);
        TRON.fundTrx(TRON_HOT, 10_000_000_000L);
        TRON.mintUsdt(TRON_HOT, DevnetFixtures.usd("100000"));
        TRON.produceBlocks(1);
    }

    static Path tronKeystore() {
        try {
            Path dir = Files.createTempDirectory("withdrawal-keystore");
            String file = WalletUtils.generateWalletFile(KEYSTORE_PASSWORD, ECKeyPair.create(TRON_HOT_KEY),
                    dir.toFile(), false);
            return dir.resolve(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SignerEnvironmentConfiguration {
        @Bean
        ChainsConfiguration.SignerEnvironment signerEnvironment() {
            return Map.of("DEVNET_TRON_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD)::get;
        }
    }

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        registry.add("stablerail.withdrawal.ledger.base-url", InProcessLedger::baseUrl);
        registry.add("stablerail.withdrawal.hot-wallets.tron-devnet", TRON_HOT::base58);
        registry.add("stablerail.withdrawal.signers.tron-devnet.keystore-file", KEYSTORE::toString);
        registry.add("stablerail.chains.endpoints.tron-devnet[0].name", () -> "devnet");
        registry.add("stablerail.chains.endpoints.tron-devnet[0].url", TRON::endpoint);
        registry.add("stablerail.chains.endpoints.tron-devnet[0].solidity-url", TRON::endpoint);
        String prefix = "stablerail.withdrawal.extra-tokens[0].";
        registry.add(prefix + "chain", () -> "tron-devnet");
        registry.add(prefix + "symbol", () -> "USDT");
        registry.add(prefix + "contract", () -> TRON.usdtContract().base58());
        registry.add(prefix + "decimals", () -> 6);
        registry.add(prefix + "source", () -> "devnet");
    }

    @AfterAll
    static void stopChain() {
        TRON.close();
    }

    @Autowired Broadcaster broadcaster;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;


    @Test
    void aTronAttemptAcceptedThenDroppedIsRebuiltOnlyOnceProvablyDeadAndPaysOnce() throws Exception {
        TronAddress to = DevnetFixtures.freshTronAddress();
        ledger().fund("m-tron-dropped", "USDT", DevnetFixtures.usd("20"));
        UUID id = withdraw("m-tron-dropped", to.base58(), "5");
        TRON.faults().acceptThenDrop(1);
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST"); // the node said SUCCESS ...
        Map<String, Object> first = attempts(id).getFirst();
        String firstTxid = (String) first.get("txid");
        assertThat(TRON.isPending(firstTxid)).isFalse(); // ... and forgot it
        double rebuildsBefore = rebuilds();

        // an EARLY report (a buggy or impatient worker): the head is past the expiration, the solidified head is not
        TRON.produceBlocks(21);
        assertThat(workerWouldDrop(first)).isFalse();
        deliver(dropped(first), 1);
        broadcaster.runOnce();
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("BROADCAST");
        assertThat(rebuilds()).isEqualTo(rebuildsBefore);

        // the solidified head passes the expiration: the worker's proof holds, its report comes twice
        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS + 2);
        assertThat(workerWouldDrop(first)).isTrue();
        EventEnvelope report = dropped(first);
        deliver(report, 2);
        Thread.sleep(20); // past the 1-2 ms backoff of the early report's check
        broadcaster.runOnce(); // provably dead by our own port too: rebuilt and sent in the same run
        TRON.produceBlocks(1);
        broadcaster.runOnce();

        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        assertThat(attempts.get(1).get("txid")).isNotEqualTo(firstTxid);
        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(rebuilds()).isEqualTo(rebuildsBefore + 1);
        assertThat(TRON.usdtBalance(to)).isEqualTo(DevnetFixtures.usd("5"));
        try (TronClient client = tronClient()) {
            assertThat(client.transaction(firstTxid, TronNode.FULL)).isEmpty();
            assertThat(client.transactionInfo((String) attempts.get(1).get("txid"), TronNode.FULL)).isPresent();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** confirmation-worker's TRON rule for DROPPED EXPIRED, on the same devnet. */
    static boolean workerWouldDrop(Map<String, Object> attempt) {
        try (TronClient client = tronClient()) {
            return client.provablyDead(SignedTronTransaction.parse(HexFormat.of().parseHex(
                    (String) attempt.get("raw_tx"))));
        }
    }

    static EventEnvelope dropped(Map<String, Object> attempt) {
        return EventEnvelope.of(new TransactionDropped(TrackPurpose.WITHDRAWAL, attempt.get("id").toString(),
                "tron-devnet", (String) attempt.get("txid"), DropReason.EXPIRED,
                "expired and absent at the solidified head", TRON.solidifiedBlockNumber()), Instant.now());
    }

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

    double rebuilds() {
        var counter = meters.find("stablerail.withdrawal.rebuilds").tag("chain", "tron-devnet").counter();
        return counter == null ? 0 : counter.count();
    }

    UUID withdraw(String merchant, String to, String amount) {
        return withdraw(merchant, "tron-devnet", "USDT", to, amount);
    }



    static TronClient tronClient() {
        return DevnetFixtures.tronClient(TRON);
    }

}
