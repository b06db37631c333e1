package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.EvmTransaction;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.broadcast.ChainSender;
import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/**
 * The broadcaster on the real devnets through the real chain senders and signers (EVM: Hardhat and its devnet tokens,
 * hot key from an environment variable; TRON: the gRPC devnet, hot key from an encrypted keystore), with funds reserved
 * in the real ledger in-process. Every scenario checks the chain itself: the recipient's token balance and the
 * transaction on chain. The broadcaster is not scheduled; each test runs it step by step. The last two tests call the
 * adapters directly: a TRON slot taken before a new block is refused (no attempt is stored with an expiration other
 * than its real one), and an EVM attempt is provably dead only once its nonce went to another mined transaction.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.withdrawal.broadcast.enabled=false",
        "stablerail.withdrawal.broadcast.resend-backoff-initial=1ms",
        "stablerail.withdrawal.broadcast.resend-backoff-max=2ms",
        "stablerail.withdrawal.intake.recovery-interval=1h",
        "stablerail.withdrawal.policy.address-cooldown=0s",
        "stablerail.chains.call-timeout=2s",
        "stablerail.withdrawal.signers.evm-devnet.private-key-env=DEVNET_EVM_HOT_KEY",
        "stablerail.withdrawal.signers.tron-devnet.keystore-password-env=DEVNET_TRON_KEYSTORE_PASSWORD"})
@Import(DevnetWithdrawalsIT.SignerEnvironmentConfiguration.class)
class DevnetWithdrawalsIT extends DevnetServiceTest {

    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final TronDevnet TRON = TronDevnet.start();
    static final AnswerDroppingRpcProxy EVM_PROXY = AnswerDroppingRpcProxy.start(EVM.rpcUrl());
    static final LocalKeySigner EVM_HOT = EVM.account(7);
    static final BigInteger TRON_HOT_KEY =
            new BigInteger("8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63", 16);
    static final TronAddress TRON_HOT = LocalKeySigner.ofPrivateKey("t", TRON_HOT_KEY).tronAddress();
    static final String KEYSTORE_PASSWORD = "devnet keystore password";
    static final Path KEYSTORE = tronKeystore();

    static {
        TRON.produceBlocks(2);
        EVM.mint(DevnetToken.USDT_LIKE, EVM_HOT.evmAddress(), usd("100000"));
        EVM.mint(DevnetToken.USDC_LIKE, EVM_HOT.evmAddress(), usd("100000"));
        TRON.fundTrx(TRON_HOT, 10_000_000_000L);
        TRON.mintUsdt(TRON_HOT, usd("100000"));
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
            Map<String, String> variables = Map.of(
                    "DEVNET_EVM_HOT_KEY", EVM_HOT_KEY_HEX,
                    "DEVNET_TRON_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
            return variables::get;
        }
    }

    static final String EVM_HOT_KEY_HEX = DevnetFixtures.hardhatKeyHex(7);

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        registry.add("stablerail.withdrawal.ledger.base-url", InProcessLedger::baseUrl);
        registry.add("stablerail.withdrawal.hot-wallets.evm-devnet", () -> EVM_HOT.evmAddress().checksummed());
        registry.add("stablerail.withdrawal.hot-wallets.tron-devnet", TRON_HOT::base58);
        registry.add("stablerail.withdrawal.signers.tron-devnet.keystore-file", KEYSTORE::toString);
        registry.add("stablerail.chains.endpoints.evm-devnet[0].name", () -> "hardhat");
        registry.add("stablerail.chains.endpoints.evm-devnet[0].url", () -> EVM_PROXY.url().toString());
        registry.add("stablerail.chains.endpoints.tron-devnet[0].name", () -> "devnet");
        registry.add("stablerail.chains.endpoints.tron-devnet[0].url", TRON::endpoint);
        registry.add("stablerail.chains.endpoints.tron-devnet[0].solidity-url", TRON::endpoint);
        int i = 0;
        for (DevnetToken token : DevnetToken.values()) {
            String prefix = "stablerail.withdrawal.extra-tokens[" + i++ + "].";
            registry.add(prefix + "chain", () -> "evm-devnet");
            registry.add(prefix + "symbol", token::symbol);
            registry.add(prefix + "contract", () -> EVM.token(token).checksummed());
            registry.add(prefix + "decimals", () -> DevnetToken.DECIMALS);
            registry.add(prefix + "source", () -> "devnet");
        }
        String prefix = "stablerail.withdrawal.extra-tokens[" + i + "].";
        registry.add(prefix + "chain", () -> "tron-devnet");
        registry.add(prefix + "symbol", () -> "USDT");
        registry.add(prefix + "contract", () -> TRON.usdtContract().base58());
        registry.add(prefix + "decimals", () -> 6);
        registry.add(prefix + "source", () -> "devnet");
    }

    @AfterAll
    static void stopChains() {
        EVM_PROXY.close();
        EVM.close();
        TRON.close();
    }

    @Autowired Broadcaster broadcaster;


    // ---- EVM ----------------------------------------------------------------------------------------------------

    @Test
    void evmWithdrawalIsBroadcastOnceAndTheRecipientReceivesItOnChain() {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-evm", "evm-devnet", "USDT", to.checksummed(), "12.5");

        broadcaster.runOnce();
        broadcaster.runOnce(); // a second run finds nothing to sign or send

        assertThat(status(id)).isEqualTo("BROADCAST");
        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        EvmReceipt receipt = EVM.awaitReceipt(txid, Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        EvmTransaction onChain = EVM.client().transaction(txid).orElseThrow();
        assertThat(onChain.from()).isEqualTo(EVM_HOT.evmAddress());
        assertThat(onChain.to()).contains(EVM.token(DevnetToken.USDT_LIKE));
        assertThat(onChain.nonce().longValueExact()).isEqualTo(((Number) attempt.get("nonce")).longValue());
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("12.5"));
    }

    @Test
    void concurrentEvmWithdrawalsFromOneHotWalletGetGaplessNoncesAndAllAreMined() throws Exception {
        int count = 12;
        ledger().fund("m-many", "USDT", usd("1").multiply(BigInteger.valueOf(count)));
        EvmAddress to = freshEvmAddress();
        List<UUID> ids = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<CompletableFuture<UUID>> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> withdraw("m-many", "evm-devnet", "USDT",
                        to.checksummed(), "1"), threads));
            }
            for (CompletableFuture<UUID> request : requests) {
                ids.add(request.join());
            }
        }
        long chainNonceBefore = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();
        EVM.setAutomine(false);
        try {
            // two broadcaster instances racing: the per-wallet lock lets one sign at a time
            for (int run = 0; run < 5 && !ids.stream().allMatch(id -> "BROADCAST".equals(status(id))); run++) {
                CompletableFuture<Void> other = CompletableFuture.runAsync(broadcaster::runOnce);
                broadcaster.runOnce();
                other.join();
            }
            assertThat(ids).allMatch(id -> "BROADCAST".equals(status(id)));
        } finally {
            EVM.setAutomine(true);
        }
        EVM.mine(1);

        List<Long> nonces = new ArrayList<>();
        for (UUID id : ids) {
            Map<String, Object> attempt = onlyAttempt(id);
            nonces.add(((Number) attempt.get("nonce")).longValue());
            assertThat(EVM.awaitReceipt((String) attempt.get("txid"), Duration.ofSeconds(30)).succeeded()).isTrue();
        }
        assertThat(nonces).doesNotHaveDuplicates();
        assertThat(nonces.stream().sorted().toList()).isEqualTo(java.util.stream.LongStream
                .range(chainNonceBefore, chainNonceBefore + count).boxed().toList());
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact())
                .isEqualTo(chainNonceBefore + count);
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to))
                .isEqualTo(usd("1").multiply(BigInteger.valueOf(count)));
    }

    /**
     * The transfer would revert (the destination is blacklisted by the token): the node's gas estimate fails, so
     * nothing is signed, stored or sent — the withdrawal FAILS before signing and its hold is voided. The on-chain
     * failed-receipt path (a transaction that reverts after being sent) is not reached here.
     */
    @Test
    void evmTransferToABlacklistedDestinationFailsBeforeSigningAndTheHoldIsVoided() {
        EvmAddress to = freshEvmAddress();
        EVM.blacklist(DevnetToken.USDC_LIKE, to);
        long nonceBefore = EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact();
        UUID id = approvedWithdrawal("m-blacklist", "evm-devnet", "USDC", to.checksummed(), "5");

        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT failure_code FROM withdrawal WHERE id = ?", String.class, id))
                .isEqualTo("sign_rejected");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tx_attempt WHERE withdrawal_id = ?", Long.class, id))
                .isZero();
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
        assertThat(EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonceBefore);
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDC_LIKE), to)).isZero();
    }

    // ---- TRON ---------------------------------------------------------------------------------------------------

    @Test
    void tronWithdrawalIsBroadcastOnceAndTheRecipientReceivesItOnChain() {
        TronAddress to = freshTronAddress();
        UUID id = approvedWithdrawal("m-tron", "tron-devnet", "USDT", to.base58(), "7.25");

        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        TRON.produceBlocks(1);
        broadcaster.runOnce();

        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        assertThat(TRON.usdtBalance(to)).isEqualTo(usd("7.25"));
        try (TronClient client = tronClient()) {
            assertThat(client.transactionInfo(txid, TronNode.FULL)).isPresent();
        }
    }

    /**
     * The node accepts the transaction but every answer to it is lost (the proxy forwards, then closes the connection)
     * through all of the endpoint pool's own retries: the attempt stays SIGNED. The next run re-sends the same bytes;
     * the node knows them ("nonce too low"/"already known" for a transaction it has) and that counts as sent.
     */
    @Test
    void evmBroadcastAcceptedButTheAnswerLostIsResentAndLandsOnce() throws Exception {
        EvmAddress to = freshEvmAddress();
        UUID id = approvedWithdrawal("m-evm-lost", "evm-devnet", "USDT", to.checksummed(), "3");
        EVM_PROXY.dropNextSendAnswers(1_000);
        try {
            broadcaster.runOnce();
        } finally {
            EVM_PROXY.dropNextSendAnswers(0);
        }
        assertThat(EVM_PROXY.answersDropped()).isPositive();
        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> first = onlyAttempt(id);
        assertThat(((Number) first.get("send_failures")).intValue()).isPositive();
        String txid = (String) first.get("txid");
        assertThat(EVM.client().transaction(txid)).as("the node did accept it").isPresent();

        Thread.sleep(20); // past the 1-2 ms resend backoff
        broadcaster.runOnce();

        assertThat(status(id)).isEqualTo("BROADCAST");
        assertThat(onlyAttempt(id).get("txid")).isEqualTo(txid);
        assertThat(EVM.awaitReceipt(txid, Duration.ofSeconds(30)).succeeded()).isTrue();
        assertThat(EVM.client().erc20Balance(EVM.token(DevnetToken.USDT_LIKE), to)).isEqualTo(usd("3"));
    }

    /** A busy TRON node (SERVER_BUSY through all the pool's retries) → same transaction next run → one transfer. */
    @Test
    void tronBusyNodeIsRetriedWithTheSameTransactionAndLandsOnce() throws Exception {
        TronAddress to = freshTronAddress();
        UUID id = approvedWithdrawal("m-tron-busy", "tron-devnet", "USDT", to.base58(), "3");
        TRON.faults().serverBusy(1_000);
        try {
            broadcaster.runOnce();
        } finally {
            TRON.faults().clear();
        }
        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> first = onlyAttempt(id);
        assertThat(TRON.isPending((String) first.get("txid"))).isFalse();

        Thread.sleep(20);
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        TRON.produceBlocks(1);

        assertThat(onlyAttempt(id).get("txid")).isEqualTo(first.get("txid"));
        assertThat(TRON.usdtBalance(to)).isEqualTo(usd("3"));
    }

    /**
     * The node takes no broadcast until long after the attempt's expiration. Past the expiration at the head, but
     * not yet at the solidified head, the attempt is not provably dead and nothing new is built; once the solidified
     * head is past it and the transaction is not there, exactly one new attempt is built and lands.
     */
    @Test
    void tronNodeDownPastExpirationRebuildsOnlyOnceTheAttemptIsProvablyDead() throws Exception {
        TronAddress to = freshTronAddress();
        UUID id = approvedWithdrawal("m-tron-down", "tron-devnet", "USDT", to.base58(), "4");
        TRON.faults().timeout("BroadcastTransaction");
        try {
            broadcaster.runOnce();
            assertThat(status(id)).isEqualTo("SIGNED");
            TRON.produceBlocks(21); // the head is past the expiration (60 s = 20 blocks); the solidified head is not
        } finally {
            TRON.faults().clear();
        }
        Map<String, Object> first = onlyAttempt(id);
        String firstTxid = (String) first.get("txid");
        assertThat(TRON.isPending(firstTxid)).isFalse();

        Thread.sleep(20);
        broadcaster.runOnce(); // refused as expired, but not provably dead yet: same attempt, retried later
        assertThat(status(id)).isEqualTo("SIGNED");
        assertThat(onlyAttempt(id).get("status")).isEqualTo("SIGNED");

        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS + 2);
        Thread.sleep(20);
        broadcaster.runOnce(); // now provably dead: rebuilt and sent in the same run
        assertThat(status(id)).isEqualTo("BROADCAST");
        TRON.produceBlocks(1);

        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        assertThat(attempts.get(1).get("txid")).isNotEqualTo(firstTxid);
        assertThat(TRON.usdtBalance(to)).isEqualTo(usd("4"));
        try (TronClient client = tronClient()) {
            assertThat(client.transaction(firstTxid, TronNode.FULL)).isEmpty();
            assertThat(client.transactionInfo((String) attempts.get(1).get("txid"), TronNode.FULL)).isPresent();
        }
    }

    // ---- the adapters' own judgments, called directly ----------------------------------------------------------

    @Autowired ChainSenders senders;
    @Autowired ConfiguredSigners signers;

    @Test
    void aTronSlotTakenBeforeANewBlockIsRefusedAndAFreshOneIsExactlyWhatIsSigned() {
        String to = freshTronAddress().base58();
        ChainSender.TransferIntent intent = new ChainSender.TransferIntent(UUID.randomUUID(), 1, "tron-devnet", 1L,
                TRON.usdtContract().base58(), TRON_HOT.base58(), to, usd("1"));
        BigInteger cap = ChainRegistry.knownChain("tron-devnet").feeCap();
        ChainSender.TronReference stale = senders.tronReference("tron-devnet");
        TRON.produceBlocks(1);

        assertThatThrownBy(() -> senders.sign(intent, ChainSender.Slot.tron(stale), cap,
                signers.signerFor("tron-devnet", TRON_HOT.base58())))
                .isInstanceOfSatisfying(ChainException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.RETRY);
                    assertThat(e.code()).isEqualTo("reference_moved");
                });

        ChainSender.TronReference fresh = senders.tronReference("tron-devnet");
        ChainSender.SignedTransaction signed = senders.sign(intent, ChainSender.Slot.tron(fresh), cap,
                signers.signerFor("tron-devnet", TRON_HOT.base58()));
        SignedTronTransaction parsed = SignedTronTransaction.parse(HexFormat.of().parseHex(signed.rawTransaction()));
        assertThat(parsed.expirationMillis()).isEqualTo(fresh.expiresAt().toEpochMilli());
        assertThat(TronChainSender.referenceOf(parsed.transaction())).isEqualTo(fresh.referenceBlock());
        assertThat(parsed.txid()).isEqualTo(signed.txid());
        assertThat(signed.feeLimit()).isPositive().isLessThanOrEqualTo(cap);
    }

    /** Uses its own account (not the hot wallet), so the service's nonce counter is untouched. */
    @Test
    void anEvmAttemptIsProvablyDeadOnlyOnceItsNonceWentToAnotherTransactionAtTheFinalityPoint() {
        LocalKeySigner wallet = EVM.account(8);
        EVM.mint(DevnetToken.USDT_LIKE, wallet.evmAddress(), usd("10"));
        long nonce = EVM.client().noncePending(wallet.evmAddress()).longValueExact();
        BigInteger cap = ChainRegistry.knownChain("evm-devnet").feeCap();
        ChainSender.SignedTransaction never = senders.sign(intent(wallet, freshEvmAddress()), ChainSender.Slot.evm(nonce),
                cap, wallet);
        ChainSender.SignedTransaction other = senders.sign(intent(wallet, freshEvmAddress()),
                ChainSender.Slot.evm(nonce), cap, wallet);
        ChainSender.AttemptView neverView = view(never, wallet, nonce);
        ChainSender.AttemptView otherView = view(other, wallet, nonce);
        assertThat(senders.isProvablyDead("evm-devnet", neverView)).as("nonce not used yet").isFalse();

        senders.broadcast("evm-devnet", other.rawTransaction());
        EVM.awaitReceipt(other.txid(), Duration.ofSeconds(30));

        // consumed at the head, not yet at evm-devnet's finality point (depth 3): a reorg could still swap the two
        assertThat(senders.isProvablyDead("evm-devnet", neverView)).as("nonce consumed above the finality point")
                .isFalse();
        EVM.mine(1);
        assertThat(senders.isProvablyDead("evm-devnet", neverView)).as("one block short of depth 3").isFalse();
        EVM.mine(1);
        assertThat(senders.isProvablyDead("evm-devnet", neverView)).isTrue();
        assertThat(senders.isProvablyDead("evm-devnet", otherView)).as("it was mined itself").isFalse();
        assertThatThrownBy(() -> senders.broadcast("evm-devnet", never.rawTransaction()))
                .as("nonce too low for a transaction the node does not know is not a success")
                .isInstanceOfSatisfying(ChainException.class,
                        e -> assertThat(e.failureClass()).isEqualTo(FailureClass.REBUILD));
        assertThat(never.feeLimit()).isGreaterThan(cap); // maxFeePerGas × gasLimit, not a per-gas figure
    }

    ChainSender.TransferIntent intent(LocalKeySigner from, EvmAddress to) {
        return new ChainSender.TransferIntent(UUID.randomUUID(), 1, "evm-devnet", HardhatDevnet.CHAIN_ID,
                EVM.token(DevnetToken.USDT_LIKE).checksummed(), from.evmAddress().checksummed(), to.checksummed(),
                usd("1"));
    }

    static ChainSender.AttemptView view(ChainSender.SignedTransaction signed, LocalKeySigner wallet, long nonce) {
        return new ChainSender.AttemptView(UUID.randomUUID(), signed.txid(), wallet.evmAddress().checksummed(), nonce,
                null, null, signed.rawTransaction());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static TronClient tronClient() {
        return DevnetFixtures.tronClient(TRON);
    }

    static EvmAddress freshEvmAddress() {
        return DevnetFixtures.freshEvmAddress();
    }

    static TronAddress freshTronAddress() {
        return DevnetFixtures.freshTronAddress();
    }

    static BigInteger usd(String amount) {
        return DevnetFixtures.usd(amount);
    }
}
