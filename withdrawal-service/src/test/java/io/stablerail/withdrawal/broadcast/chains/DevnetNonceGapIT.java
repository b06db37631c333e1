package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.EvmTransaction;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.broadcast.NonceGapFiller;
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

/**
 * A real nonce gap on the real Hardhat devnet, through the real EVM sender and signer, funds and books in the real
 * ledger in-process: a nonce reserved in our table without an attempt (as a crash between allocating and storing
 * would leave it) holds the next withdrawal in Hardhat's queue. The background run fills the gap with a zero-value
 * self-send; it and the waiting withdrawal are mined; the gap gauge is back to 0. confirmation-worker is not running:
 * its report of the mined self-send is delivered by the test as it computes it (tracked as a SELF_SEND → final, fee =
 * gasUsed × effectiveGasPrice of the real receipt); the ledger books that fee once.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.withdrawal.broadcast.enabled=false",
        "stablerail.withdrawal.broadcast.resend-backoff-initial=1ms",
        "stablerail.withdrawal.broadcast.resend-backoff-max=2ms",
        "stablerail.withdrawal.intake.recovery-interval=1h",
        "stablerail.withdrawal.policy.address-cooldown=0s",
        "stablerail.chains.call-timeout=5s",
        "stablerail.withdrawal.signers.evm-devnet.private-key-env=DEVNET_EVM_HOT_KEY"})
@Import(DevnetNonceGapIT.SignerEnvironmentConfiguration.class)
class DevnetNonceGapIT extends DevnetServiceTest {

    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final LocalKeySigner EVM_HOT = EVM.account(5);
    static final String HOT = EVM_HOT.evmAddress().checksummed();

    static {
        EVM.mint(DevnetToken.USDT_LIKE, EVM_HOT.evmAddress(), DevnetFixtures.usd("100000"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SignerEnvironmentConfiguration {
        @Bean
        ChainsConfiguration.SignerEnvironment signerEnvironment() {
            return Map.of("DEVNET_EVM_HOT_KEY", DevnetFixtures.hardhatKeyHex(5))::get;
        }
    }

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        registry.add("stablerail.withdrawal.ledger.base-url", InProcessLedger::baseUrl);
        registry.add("stablerail.withdrawal.hot-wallets.evm-devnet", () -> HOT);
        registry.add("stablerail.chains.endpoints.evm-devnet[0].name", () -> "hardhat");
        registry.add("stablerail.chains.endpoints.evm-devnet[0].url", () -> EVM.rpcUrl().toString());
        String prefix = "stablerail.withdrawal.extra-tokens[0].";
        registry.add(prefix + "chain", () -> "evm-devnet");
        registry.add(prefix + "symbol", DevnetToken.USDT_LIKE::symbol);
        registry.add(prefix + "contract", () -> EVM.token(DevnetToken.USDT_LIKE).checksummed());
        registry.add(prefix + "decimals", () -> DevnetToken.DECIMALS);
        registry.add(prefix + "source", () -> "devnet");
    }

    @org.junit.jupiter.api.AfterEach
    void automineAgain() {
        EVM.setAutomine(true);
    }

    @AfterAll
    static void stopChain() {
        EVM.close();
    }

    @Autowired Broadcaster broadcaster;
    @Autowired NonceGapFiller filler;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;


    @Test
    void aRealGapIsFilledByASelfSendThenTheWaitingWithdrawalIsMinedAndTheFeeIsBookedOnce() throws Exception {
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        UUID first = approvedWithdrawal("m-devnet-gap-1", to, "1");
        broadcaster.runOnce();
        EVM.awaitReceipt(txidOf(first), Duration.ofSeconds(30));
        long gap = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();
        assertThat(jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce", Long.class)).isEqualTo(gap);

        // a nonce consumed in our table with no attempt: the next withdrawal is signed behind it (automine off:
        // Hardhat queues a transaction behind a gap only then, as any node's pool does)
        EVM.setAutomine(false);
        jdbc.update("UPDATE wallet_nonce SET next_nonce = next_nonce + 1");
        UUID behind = approvedWithdrawal("m-devnet-gap-2", to, "2");
        broadcaster.runOnce();
        assertThat(status(behind)).isEqualTo("BROADCAST"); // Hardhat accepted it into its queue ...
        String behindTxid = txidOf(behind);
        EVM.mine(1);
        assertThat(EVM.client().receipt(behindTxid)).as("... where it waits behind the gap").isEmpty();
        assertThat(EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(gap);

        assertThat(filler.runOnce()).as("the gap is held once the run is over").isEmpty();
        List<Map<String, Object>> fillers = jdbc.queryForList("SELECT * FROM tx_attempt WHERE kind = 'NONCE_FILL'");
        assertThat(fillers).singleElement().satisfies(f -> {
            assertThat(f.get("nonce")).isEqualTo(gap);
            assertThat(f.get("status")).isEqualTo("BROADCAST");
        });
        String fillerTxid = (String) fillers.getFirst().get("txid");
        EVM.mine(1);
        EVM.setAutomine(true);

        EvmReceipt fillerReceipt = EVM.awaitReceipt(fillerTxid, Duration.ofSeconds(30));
        assertThat(fillerReceipt.succeeded()).isTrue();
        assertThat(fillerReceipt.logs()).as("a self-send moves no token").isEmpty();
        EvmTransaction onChain = EVM.client().transaction(fillerTxid).orElseThrow();
        assertThat(onChain.from()).isEqualTo(EVM_HOT.evmAddress());
        assertThat(onChain.to()).contains(EVM_HOT.evmAddress());
        assertThat(onChain.value()).isZero();
        EVM.mine(1); // whatever was left in the queue
        EVM.awaitReceipt(behindTxid, Duration.ofSeconds(30));
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(gap + 2);
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to))
                .isEqualTo(DevnetFixtures.usd("3"));

        // later withdrawals go straight through; the gauge stays at 0
        UUID later = approvedWithdrawal("m-devnet-gap-3", to, "4");
        broadcaster.runOnce();
        EVM.awaitReceipt(txidOf(later), Duration.ofSeconds(30));
        assertThat(filler.runOnce()).isEmpty();
        assertThat(meters.get("stablerail.withdrawal.nonce_gaps").tag("chain", "evm-devnet").gauge().value())
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE kind = 'NONCE_FILL'", Long.class))
                .isEqualTo(1);

        // confirmation-worker's report of the mined self-send, twice → one announcement with the real fee
        BigInteger fee = fillerReceipt.gasUsed().multiply(fillerReceipt.effectiveGasPrice());
        EventEnvelope report = EventEnvelope.of(new TransactionFinal(TrackPurpose.SELF_SEND,
                fillers.getFirst().get("id").toString(), "evm-devnet", fillerTxid, fillerReceipt.blockNumber(),
                fillerReceipt.blockHash(), null, HOT, HOT, "0", null, fee.toString(), "wei"), Instant.now());
        String topic = topicNames.of(Topics.TRANSACTIONS);
        kafka.send(topic, report.aggregateId(), EventJson.write(report)).get();
        kafka.send(topic, report.aggregateId(), EventJson.write(report)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM inbox_event "
                + "WHERE event_id = ?", Long.class, report.eventId()) == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = "
                + "'withdrawal.nonce-gap-filled'", Long.class)).isEqualTo(1);
        String filled = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'withdrawal.nonce-gap-filled'", String.class);
        var envelope = JSON.readTree(filled);
        var payload = envelope.has("payload") ? envelope.path("payload") : envelope;
        assertThat(payload.path("fee_amount").asString()).isEqualTo(fee.toString());
        assertThat(payload.path("nonce").asLong()).isEqualTo(gap);
        assertThat(payload.path("tx_hash").asString()).isEqualToIgnoringCase(fillerTxid);

        // the ledger, sent the event twice, books the platform's network fee once
        ledger().bookHotWallet("evm-devnet", "native", HOT, "ETH", BigInteger.TEN.pow(18));
        BigInteger before = ledger().walletBalance("evm-devnet", "native", HOT, "ETH"); // the ledger is shared
        String ledgerTopic = InProcessLedger.topicPrefix() + Topics.WITHDRAWALS;
        kafka.send(ledgerTopic, report.aggregateId(), filled).get();
        kafka.send(ledgerTopic, report.aggregateId(), filled).get();
        BigInteger afterFee = before.subtract(fee);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger().walletBalance("evm-devnet", "native", HOT, "ETH")
                .equals(afterFee));
        Thread.sleep(500);
        assertThat(ledger().walletBalance("evm-devnet", "native", HOT, "ETH")).isEqualTo(afterFee);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    UUID approvedWithdrawal(String merchant, EvmAddress to, String amount) {
        return approvedWithdrawal(merchant, "evm-devnet", "USDT", to.checksummed(), amount);
    }

    String txidOf(UUID withdrawalId) {
        return jdbc.queryForObject("SELECT txid FROM tx_attempt WHERE withdrawal_id = ?", String.class, withdrawalId);
    }

}
