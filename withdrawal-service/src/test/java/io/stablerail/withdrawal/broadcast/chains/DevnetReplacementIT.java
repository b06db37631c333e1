package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmLog;
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
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * EVM stuck-transaction replacement on the real Hardhat devnet, through the real EVM sender and signer, with funds in
 * the real ledger in-process. Automine is off: a transaction whose maxFeePerGas is below the block's base fee stays in
 * Hardhat's pool (checked), exactly as a stuck one on a real chain. Base fees are set with
 * {@code hardhat_setNextBlockBaseFeePerGas}.
 *
 * <p>confirmation-worker is not running here: its events are delivered on Kafka by the test as it would publish
 * them — {@code transaction.stuck} for the broadcast attempt, and the outcome of the transaction that the chain
 * actually mined, with the fee computed as it computes it (gasUsed × effectiveGasPrice of the real receipt).
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
@Import(DevnetReplacementIT.SignerEnvironmentConfiguration.class)
class DevnetReplacementIT extends DevnetServiceTest {

    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final LocalKeySigner EVM_HOT = EVM.account(6);
    static final String HOT = EVM_HOT.evmAddress().checksummed();
    static final BigInteger GWEI = BigInteger.TEN.pow(9);
    static final BigInteger FEE_CAP = GWEI.multiply(BigInteger.valueOf(1_000)); // evm-devnet's cap in the registry

    static {
        EVM.mint(DevnetToken.USDT_LIKE, EVM_HOT.evmAddress(), usd("100000"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SignerEnvironmentConfiguration {
        @Bean
        ChainsConfiguration.SignerEnvironment signerEnvironment() {
            Map<String, String> variables = Map.of("DEVNET_EVM_HOT_KEY", DevnetFixtures.hardhatKeyHex(6));
            return variables::get;
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

    @AfterAll
    static void stopChain() {
        EVM.close();
    }

    @Autowired Broadcaster broadcaster;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired MeterRegistry meters;
    @Autowired Withdrawals withdrawals;


    @BeforeEach
    void lowFeesAndManualMining() {
        EVM.setAutomine(true);
        baseFeeOfNextBlock(GWEI);
        EVM.mine(1);
        EVM.setAutomine(false);
    }

    @AfterEach
    void automineAgain() {
        EVM.setAutomine(true);
    }

    /**
     * The "done when": an EVM transfer stuck at a low fee is replaced (same nonce, higher fees); exactly one
     * attempt is mined, once; the withdrawal is CONFIRMED with that attempt's fee, which the real ledger books; a late
     * outcome for the replaced attempt books nothing.
     */
    @Test
    void aTransferStuckBelowTheBaseFeeIsReplacedAndOnlyTheReplacementIsMinedAndBooked() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-stuck", to, "5");
        long nonce = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();

        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        Map<String, Object> first = onlyAttempt(id);
        String firstTxid = (String) first.get("txid");
        Transaction1559 firstFees = fees((String) first.get("raw_tx"));
        priceOut(firstFees.getMaxFeePerGas());
        EVM.mine(1);
        assertThat(EVM.client().receipt(firstTxid)).as("not mined below the base fee").isEmpty();
        assertThat(EVM.client().transaction(firstTxid)).as("still in Hardhat's pool")
                .hasValueSatisfying(tx -> assertThat(tx.pending()).isTrue());

        reportStuck(id, first);
        broadcaster.runOnce();

        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("REPLACED", "BROADCAST");
        Map<String, Object> second = attempts.get(1);
        String secondTxid = (String) second.get("txid");
        assertThat(second.get("nonce")).isEqualTo(first.get("nonce"));
        assertThat(second.get("replaces")).isEqualTo(first.get("id"));
        Transaction1559 secondFees = fees((String) second.get("raw_tx"));
        assertThat(secondFees.getNonce()).isEqualTo(firstFees.getNonce());
        assertThat(secondFees.getMaxFeePerGas()).isGreaterThanOrEqualTo(raisedTenPercent(firstFees.getMaxFeePerGas()))
                .isLessThanOrEqualTo(FEE_CAP);
        assertThat(secondFees.getMaxPriorityFeePerGas())
                .isGreaterThanOrEqualTo(raisedTenPercent(firstFees.getMaxPriorityFeePerGas()));
        assertThat(status(id)).isEqualTo("BROADCAST");

        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt(secondTxid, Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        EVM.mine(2);
        assertThat(EVM.client().receipt(firstTxid)).as("the replaced transfer is never mined").isEmpty();
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonce + 1);
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("5"));

        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        assertThat(receipt.effectiveGasPrice()).as("paid more per gas than the first attempt could")
                .isGreaterThan(firstFees.getMaxFeePerGas());
        ledger().bookHotWallet("evm-devnet", "native", HOT, "ETH", BigInteger.TEN.pow(18));
        ledger().bookHotWallet("evm-devnet", EVM.token(DevnetToken.USDT_LIKE).checksummed(), HOT, "USDT",
                usd("100"));
        deliver(finalOf(second, receipt, to, "5"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));

        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "CONFIRMED");
        JsonNode confirmed = onlyOutboxEvent("withdrawal.confirmed", id);
        assertThat(confirmed.path("tx_hash").asString()).isEqualToIgnoringCase(secondTxid);
        assertThat(confirmed.path("fee_amount").asString()).isEqualTo(fee.toString());

        // late outcomes: the replaced attempt reported final (impossible on one chain, but a confused report must not
        // book twice) and the same final again under a new event id
        EventEnvelope late = EventEnvelope.of(new TransactionFinal(TrackPurpose.WITHDRAWAL, first.get("id").toString(),
                "evm-devnet", firstTxid, receipt.blockNumber(), receipt.blockHash(),
                EVM.token(DevnetToken.USDT_LIKE).checksummed(), HOT, to.checksummed(), usd("5").toString(), 0L,
                "1", "wei"), Instant.now());
        EventEnvelope again = EventEnvelope.of(finalOf(second, receipt, to, "5").payloadAs(TransactionFinal.class),
                Instant.now());
        deliver(late);
        deliver(again);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(late) && processed(again));
        assertThat(outboxEvents("withdrawal.confirmed", id)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("CONFIRMED");

        // the ledger books the mined attempt's fee once (our event relayed twice into its namespace)
        String ledgerTopic = InProcessLedger.topicPrefix() + Topics.WITHDRAWALS;
        String payload = outboxPayload("withdrawal.confirmed", id);
        kafka.send(ledgerTopic, id.toString(), payload).get();
        kafka.send(ledgerTopic, id.toString(), payload).get();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "POSTED".equals(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ledger().walletBalance("evm-devnet", "native", HOT, "ETH"))
                .isEqualTo(BigInteger.TEN.pow(18).subtract(fee)));
    }

    /**
     * A replacement would need more than the chain's fee cap: no replacement, the withdrawal is STUCK (gauge, counter,
     * alert). Ops bump it with an explicit maximum above the cap (one below the replacement minimum is refused,
     * nothing changed); the bump is mined, the withdrawal is CONFIRMED with its fee.
     */
    @Test
    void pastTheFeeCapTheWithdrawalIsStuckUntilOpsBumpItAboveTheCap() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-cap", to, "6");
        // the next base fee ~480 gwei: the oracle asks 2 × base + tip ≈ 960 gwei, under the 1,000 gwei cap, but
        // +10 % on that is above it
        baseFeeOfNextBlock(GWEI.multiply(BigInteger.valueOf(548)));
        EVM.mine(1);
        broadcaster.runOnce();
        Map<String, Object> first = onlyAttempt(id);
        Transaction1559 firstFees = fees((String) first.get("raw_tx"));
        assertThat(raisedTenPercent(firstFees.getMaxFeePerGas())).isGreaterThan(FEE_CAP);
        priceOut(firstFees.getMaxFeePerGas());
        EVM.mine(1);
        assertThat(EVM.client().receipt((String) first.get("txid"))).isEmpty();
        double enteredBefore = counter("stablerail.withdrawal.stuck.entered");

        reportStuck(id, first);
        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("STUCK");
        assertThat(attempts(id)).hasSize(1).extracting(a -> a.get("status")).containsExactly("BROADCAST");
        assertThat(counter("stablerail.withdrawal.stuck.entered")).isEqualTo(enteredBefore + 1);
        assertThat(meters.get("stablerail.withdrawal.stuck").gauge().value()).isGreaterThanOrEqualTo(1);

        HttpResponse<String> tooLow = ops(id, "bump", "{\"max_fee_per_gas_wei\":\""
                + firstFees.getMaxFeePerGas().add(BigInteger.ONE) + "\"}", "ops-anna");
        assertProblem(tooLow, 422, "fee_too_low");
        assertProblem(ops(id, "bump", "{\"max_fee_per_gas_wei\":\"5000000000000\"}", null), 400, "invalid_request");
        assertProblem(ops(id, "bump", "{}", "ops-anna"), 400, "invalid_request");
        assertProblem(ops(id, "bump", "{\"max_fee_per_gas_wei\":\"-1\"}", "ops-anna"), 400, "invalid_request");
        assertProblem(ops(id, "bump", "{\"max_fee\":\"1\"}", "ops-anna"), 400, "unknown_field");
        assertThat(attempts(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("STUCK");

        BigInteger opsMax = GWEI.multiply(BigInteger.valueOf(5_000));
        HttpResponse<String> bumped = ops(id, "bump", "{\"max_fee_per_gas_wei\":\"" + opsMax + "\"}", "ops-anna");
        assertThat(bumped.statusCode()).as(bumped.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(bumped.body());
        assertThat(answer.path("withdrawal_status").asString()).isEqualTo("BROADCAST");
        assertThat(answer.path("attempt").path("status").asString()).isEqualTo("BROADCAST");
        assertThat(answer.path("attempt").path("kind").asString()).isEqualTo("TRANSFER");
        String bumpTxid = answer.path("attempt").path("txid").asString();
        Transaction1559 bumpFees = fees(jdbc.queryForObject("SELECT raw_tx FROM tx_attempt WHERE txid = ?",
                String.class, bumpTxid));
        assertThat(bumpFees.getMaxFeePerGas()).isGreaterThan(FEE_CAP).isLessThanOrEqualTo(opsMax)
                .isGreaterThanOrEqualTo(raisedTenPercent(firstFees.getMaxFeePerGas()));
        assertThat(bumpFees.getNonce()).isEqualTo(firstFees.getNonce());

        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt(bumpTxid, Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        assertThat(EVM.client().receipt((String) first.get("txid"))).isEmpty();
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("6"));

        deliver(finalOf(attempts(id).get(1), receipt, to, "6"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        assertThat(onlyOutboxEvent("withdrawal.confirmed", id).path("fee_amount").asString())
                .isEqualTo(receipt.gasUsed().multiply(receipt.effectiveGasPrice()).toString());
        assertProblem(ops(id, "bump", "{\"max_fee_per_gas_wei\":\"" + opsMax + "\"}", "ops-anna"), 409,
                "not_replaceable");
    }

    /**
     * Ops cancel a stuck transfer: a zero-value self-send from the hot wallet takes the nonce; it is mined, the
     * transfer never is. confirmation-worker reports the self-send final (it follows it as a SELF_SEND; the worker's
     * own run is in DevnetEndToEndIT): the withdrawal is FAILED as cancelled, the hold voided, and the cancel's fee is
     * in {@code withdrawal.failed}.
     */
    @Test
    void opsCancelAStuckTransferWithASelfSendAndTheWithdrawalFailsWithTheHoldVoided() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-cancel", to, "7");
        long nonce = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();
        broadcaster.runOnce();
        Map<String, Object> first = onlyAttempt(id);
        priceOut(fees((String) first.get("raw_tx")).getMaxFeePerGas());
        EVM.mine(1);

        HttpResponse<String> cancelled = ops(id, "cancel", null, "ops-bob");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode attempt = JSON.readTree(cancelled.body()).path("attempt");
        assertThat(attempt.path("kind").asString()).isEqualTo("CANCEL");
        String cancelTxid = attempt.path("txid").asString();
        assertProblem(ops(id, "cancel", null, "ops-bob"), 409, "already_cancelling");

        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt(cancelTxid, Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        assertThat(receipt.logs()).as("a self-send moves no token").isEmpty();
        EvmTransaction onChain = EVM.client().transaction(cancelTxid).orElseThrow();
        assertThat(onChain.from()).isEqualTo(EVM_HOT.evmAddress());
        assertThat(onChain.to()).contains(EVM_HOT.evmAddress());
        assertThat(onChain.value()).isZero();
        assertThat(onChain.nonce().longValueExact()).isEqualTo(nonce);
        assertThat(EVM.client().receipt((String) first.get("txid"))).isEmpty();
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isZero();

        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        deliver(EventEnvelope.of(new TransactionFinal(TrackPurpose.SELF_SEND, attempt.path("id").asString(),
                "evm-devnet", cancelTxid, receipt.blockNumber(), receipt.blockHash(), null,
                EVM_HOT.evmAddress().checksummed(), EVM_HOT.evmAddress().checksummed(), "0", null, fee.toString(),
                "wei"), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(id)));

        assertThat(jdbc.queryForObject("SELECT failure_code FROM withdrawal WHERE id = ?", String.class, id))
                .isEqualTo("cancelled_by_ops");
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "CONFIRMED");
        JsonNode failed = onlyOutboxEvent("withdrawal.failed", id);
        assertThat(failed.path("tx_hash").asString()).isEqualToIgnoringCase(cancelTxid);
        assertThat(failed.path("fee_amount").asString()).isEqualTo(fee.toString());
        withdrawals.recoverOnce(100, Duration.ofHours(1)); // the hold-release job's run
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
    }

    /**
     * Ops cancel, but the ORIGINAL transfer is what the chain mines (it reached another node first; here the cancel
     * is dropped from the pool and the original re-sent): the withdrawal is CONFIRMED as usual, the cancel is DEAD.
     */
    @Test
    void ifTheOriginalIsMinedInsteadOfTheCancelTheWithdrawalIsConfirmed() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-cancel-lost", to, "8");
        broadcaster.runOnce();
        Map<String, Object> first = onlyAttempt(id);
        priceOut(fees((String) first.get("raw_tx")).getMaxFeePerGas());
        EVM.mine(1);
        HttpResponse<String> cancelled = ops(id, "cancel", null, "ops-bob");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        String cancelTxid = JSON.readTree(cancelled.body()).path("attempt").path("txid").asString();

        assertThat(EVM.dropTransaction(cancelTxid)).isTrue();
        baseFeeOfNextBlock(GWEI.divide(BigInteger.TEN));
        EVM.client().sendRawTransaction(Numeric.hexStringToByteArray((String) first.get("raw_tx")));
        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt((String) first.get("txid"), Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        assertThat(EVM.client().receipt(cancelTxid)).isEmpty();
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("8"));

        deliver(finalOf(first, receipt, to, "8"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        assertThat(attempts(id)).extracting(a -> a.get("kind") + "/" + a.get("status"))
                .containsExactly("TRANSFER/CONFIRMED", "CANCEL/DEAD");
        assertThat(onlyOutboxEvent("withdrawal.confirmed", id).path("fee_amount").asString())
                .isEqualTo(receipt.gasUsed().multiply(receipt.effectiveGasPrice()).toString());
        assertThat(outboxEvents("withdrawal.failed", id)).isZero();
    }

    /**
     * The stuck transfer is mined after all, just before its replacement goes out: the node refuses the replacement
     * ("nonce too low", unknown to it), which asks for a rebuild. The replaced attempt counts — it is mined, so nothing
     * is provably dead and nothing new is built (a new attempt at a new nonce would pay twice); the mined original then
     * confirms the withdrawal.
     */
    @Test
    void aReplacementRefusedBecauseTheOriginalWasMinedBuildsNothingNew() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-late-mined", to, "9");
        long nonce = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();
        broadcaster.runOnce();
        Map<String, Object> first = onlyAttempt(id);
        String firstTxid = (String) first.get("txid");
        priceOut(fees((String) first.get("raw_tx")).getMaxFeePerGas());
        EVM.mine(1);
        reportStuck(id, first);

        baseFeeOfNextBlock(GWEI.divide(BigInteger.TEN));
        EVM.mine(1); // the original is mined after all
        EvmReceipt receipt = EVM.awaitReceipt(firstTxid, Duration.ofSeconds(30));
        broadcaster.runOnce(); // signs the replacement; the node refuses it: its nonce is used
        Thread.sleep(20);
        broadcaster.runOnce(); // the re-send is refused again: still nothing rebuilt

        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("REPLACED", "SIGNED");
        assertThat(attempts(id)).extracting(a -> ((Number) a.get("nonce")).longValue()).containsOnly(nonce);
        assertThat(jdbc.queryForObject("SELECT reuse_nonce IS NULL FROM withdrawal WHERE id = ?", Boolean.class, id))
                .isTrue();

        deliver(finalOf(first, receipt, to, "9"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        broadcaster.runOnce();
        EVM.mine(1);
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("CONFIRMED", "DEAD");
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonce + 1);
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("9"));
        assertThat(onlyOutboxEvent("withdrawal.confirmed", id).path("tx_hash").asString())
                .isEqualToIgnoringCase(firstTxid);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Makes the next block's base fee 4× {@code maxFeePerGas}: the transaction cannot be included for a while. */
    static void priceOut(BigInteger maxFeePerGas) {
        baseFeeOfNextBlock(maxFeePerGas.multiply(BigInteger.valueOf(4)));
    }

    static void baseFeeOfNextBlock(BigInteger wei) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hardhat_setNextBlockBaseFeePerGas\",\"params\":[\""
                + Numeric.encodeQuantity(wei) + "\"]}";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(EVM.rpcUrl()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).as("hardhat_setNextBlockBaseFeePerGas").contains("\"result\":true");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Transaction1559 fees(String raw) {
        RawTransaction decoded = TransactionDecoder.decode(raw);
        return (Transaction1559) decoded.getTransaction();
    }

    static BigInteger raisedTenPercent(BigInteger fee) {
        BigInteger[] qr = fee.multiply(BigInteger.valueOf(110)).divideAndRemainder(BigInteger.valueOf(100));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** What confirmation-worker publishes when the attempt's bound is passed unmined. */
    void reportStuck(UUID id, Map<String, Object> attempt) throws Exception {
        EventEnvelope stuck = EventEnvelope.of(new TransactionStuck(TrackPurpose.WITHDRAWAL,
                attempt.get("id").toString(), "evm-devnet", (String) attempt.get("txid"),
                ((Number) attempt.get("nonce")).longValue(), Instant.now().minusSeconds(900), 50,
                EVM.blockNumber()), Instant.now());
        deliver(stuck);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(stuck));
        assertThat(jdbc.queryForObject("SELECT replace_wanted_at IS NOT NULL FROM tx_attempt WHERE id = ?",
                Boolean.class, attempt.get("id"))).isTrue();
    }

    /** confirmation-worker's final verdict from the real receipt: its Transfer log and gasUsed × effectiveGasPrice. */
    static EventEnvelope finalOf(Map<String, Object> attempt, EvmReceipt receipt, EvmAddress to, String amount) {
        Erc20Transfer transfer = receipt.logs().stream().map(EvmLog.class::cast).map(Erc20Transfer::decode)
                .flatMap(java.util.Optional::stream).filter(t -> t.to().equals(to)).findFirst().orElseThrow();
        assertThat(transfer.amount()).isEqualTo(usd(amount));
        return EventEnvelope.of(new TransactionFinal(TrackPurpose.WITHDRAWAL, attempt.get("id").toString(),
                "evm-devnet", receipt.transactionHash(), receipt.blockNumber(), receipt.blockHash(),
                transfer.token().checksummed(), transfer.from().checksummed(), transfer.to().checksummed(),
                transfer.amount().toString(), transfer.logIndex(),
                receipt.gasUsed().multiply(receipt.effectiveGasPrice()).toString(), "wei"), Instant.now());
    }

    void deliver(EventEnvelope envelope) throws Exception {
        kafka.send(topicNames.of(Topics.TRANSACTIONS), envelope.aggregateId(), EventJson.write(envelope)).get();
    }

    boolean processed(EventEnvelope envelope) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Long.class,
                envelope.eventId()) == 1;
    }

    HttpResponse<String> ops(UUID id, String action, String body, String actor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/internal/v1/ops/withdrawals/" + id + "/transaction/" + action))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (actor != null) {
            request.header("X-Actor", actor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }

    double counter(String name) {
        var counter = meters.find(name).tag("chain", "evm-devnet").counter();
        return counter == null ? 0 : counter.count();
    }

    long outboxEvents(String type, UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Long.class, type, id.toString());
    }

    String outboxPayload(String type, UUID id) {
        return jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = ? AND message_key = ?",
                String.class, type, id.toString());
    }

    JsonNode onlyOutboxEvent(String type, UUID id) {
        assertThat(outboxEvents(type, id)).isEqualTo(1);
        JsonNode envelope = JSON.readTree(outboxPayload(type, id));
        return envelope.has("payload") ? envelope.path("payload") : envelope;
    }

    UUID approvedWithdrawal(String merchant, EvmAddress to, String amount) {
        return approvedWithdrawal(merchant, "evm-devnet", "USDT", to.checksummed(), amount);
    }




    static EvmAddress freshEvmAddress() {
        return DevnetFixtures.freshEvmAddress();
    }

    static BigInteger usd(String amount) {
        return DevnetFixtures.usd(amount);
    }
}
