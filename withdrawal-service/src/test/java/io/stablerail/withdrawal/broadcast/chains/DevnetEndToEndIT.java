package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.EvmTransaction;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.testsupport.SharedInfra;
import io.stablerail.testsupport.TestInfra;
import io.stablerail.withdrawal.WithdrawalApplication;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.broadcast.ChainSender;
import io.stablerail.withdrawal.support.InProcessConfirmationWorker;
import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.support.LedgerTestClient;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Response.TransactionInfo;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Withdrawals end to end on the real Hardhat devnet with nothing delivered by hand: withdrawal-service (the real EVM
 * sender and signer, its broadcaster on its own schedule), the REAL confirmation-worker and the REAL ledger-service,
 * all three in-process Spring applications on one topic prefix of the embedded Kafka and each on its own schema of the
 * embedded PostgreSQL. A withdrawal goes: HTTP intake → hold in the ledger → signed, stored, sent →
 * {@code transaction.track-requested} → the worker follows it to the chain's finality (evm-devnet: depth 3; TRON:
 * solidified) → its outcome (or a stuck report, answered with a replacement) → withdrawal-service →
 * {@code withdrawal.confirmed}/{@code failed} → the ledger posts or voids the hold and books the fee. The test acts as
 * merchant, miner (Hardhat's automine is off and the TRON devnet makes blocks only when asked: blocks come when the test
 * makes them) and auditor: the chain (recipient balance, Transfer logs, receipts, nonces) and the three services' own
 * tables. Its only hands on the service are a seam in front of the chain that can "kill" it before a send, and, in the
 * 50-withdrawal test, two extra sender runs racing the scheduled one.
 *
 * <p>Events are delivered again where it can matter: the worker's outcome, our {@code withdrawal.*} event and our track
 * request, each re-sent as is and once more under a new event id; nothing is tracked, applied or booked twice.
 */
class DevnetEndToEndIT {

    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final int HOT_ACCOUNT = 4;
    static final LocalKeySigner EVM_HOT = EVM.account(HOT_ACCOUNT);
    static final String HOT = EVM_HOT.evmAddress().checksummed();
    static final EvmAddress USDT = EVM.token(DevnetToken.USDT_LIKE);
    static final EvmAddress USDC = EVM.token(DevnetToken.USDC_LIKE);
    static final TronDevnet TRON = TronDevnet.start();
    /** A fixed test-only key (never real value) for the TRON hot wallet; its signer reads it from the "environment". */
    static final String TRON_HOT_KEY_HEX = "5a1f0c3e9b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246a";
    static final TronAddress TRON_HOT = LocalKeySigner.ofPrivateKey("tron-hot", new BigInteger(TRON_HOT_KEY_HEX, 16))
            .tronAddress();
    static final String TRON_USDT = TRON.usdtContract().base58();
    static final BigInteger GWEI = BigInteger.TEN.pow(9);
    static final BigInteger ETH = BigInteger.TEN.pow(18);
    static final int STUCK_AFTER_BLOCKS = 4;
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The namespaces of the three services; one topic prefix for all of them: they talk to each other. */
    interface LedgerNamespace {
    }

    interface WorkerNamespace {
    }

    static final TestInfra WITHDRAWAL_INFRA = SharedInfra.get().namespaceFor(DevnetEndToEndIT.class);
    static final TestInfra LEDGER_INFRA = SharedInfra.get().namespaceFor(LedgerNamespace.class);
    static final TestInfra WORKER_INFRA = SharedInfra.get().namespaceFor(WorkerNamespace.class);
    static final String TOPIC_PREFIX = WITHDRAWAL_INFRA.topicPrefix();

    static ConfigurableApplicationContext ledgerService;
    static ConfigurableApplicationContext worker;
    static ConfigurableApplicationContext withdrawalService;
    static JdbcTemplate withdrawalDb;
    static JdbcTemplate ledgerDb;
    static JdbcTemplate workerDb;
    static LedgerTestClient ledger;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startTheStack() {
        EVM.mint(DevnetToken.USDT_LIKE, EVM_HOT.evmAddress(), usd("100000"));
        EVM.mint(DevnetToken.USDC_LIKE, EVM_HOT.evmAddress(), usd("100000"));
        TRON.produceBlocks(2);
        TRON.fundTrx(TRON_HOT, 10_000_000_000L);
        TRON.mintUsdt(TRON_HOT, usd("100000"));
        TRON.produceBlocks(1);
        ledgerService = InProcessLedger.start(LEDGER_INFRA, TOPIC_PREFIX);
        ledger = new LedgerTestClient(InProcessLedger.baseUrlOf(ledgerService));
        // the platform's books of the hot wallet, as its funding (tokens, and ETH for gas) would have booked them
        ledger.bookHotWallet("evm-devnet", USDT.checksummed(), HOT, "USDT", usd("100000"));
        ledger.bookHotWallet("evm-devnet", USDC.checksummed(), HOT, "USDC", usd("100000"));
        ledger.bookHotWallet("evm-devnet", "native", HOT, "ETH", ETH.multiply(BigInteger.valueOf(100)));
        ledger.bookHotWallet("tron-devnet", TRON_USDT, TRON_HOT.base58(), "USDT", usd("100000"));
        ledger.bookHotWallet("tron-devnet", "native", TRON_HOT.base58(), "TRX", BigInteger.valueOf(10_000_000_000L));
        worker = InProcessConfirmationWorker.start(WORKER_INFRA, TOPIC_PREFIX, workerSettings());
        withdrawalService = startWithdrawalService();
        withdrawalDb = new JdbcTemplate(WITHDRAWAL_INFRA.dataSource());
        ledgerDb = new JdbcTemplate(LEDGER_INFRA.dataSource());
        workerDb = new JdbcTemplate(WORKER_INFRA.dataSource());
    }

    @AfterAll
    static void stopTheStack() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {withdrawalService, worker,
                ledgerService}) {
            if (context != null) {
                context.close();
            }
        }
        EVM.close();
        TRON.close();
    }

    @BeforeEach
    void blocksOnlyWhenTheTestMinesThem() {
        EVM.setAutomine(false);
        // Hardhat closes idle keep-alive connections after 5 s; the first call after a pause may hit a closed one
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> EVM.blockNumber() >= 0);
    }

    // ---- 1. the happy path through the worker -----------------------------------------------------------------------

    /**
     * Intake → broadcast → mined → the worker calls it final only at depth 3 (not while the head is one block short)
     * → CONFIRMED → the ledger posts the hold to the hot wallet and books gasUsed × effectiveGasPrice, once — also
     * when the worker's outcome, our {@code withdrawal.confirmed} and our track request arrive again. One transfer on
     * chain.
     */
    @Test
    void aWithdrawalIsConfirmedThroughTheWorkerAtDepthThreeAndBookedOnce() throws Exception {
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        String merchant = "m-e2e-happy";
        ledger.fund(merchant, "USDT", usd("20"));
        BigInteger hotTokensBooked = ledger.walletBalance("evm-devnet", USDT.checksummed(), HOT, "USDT");
        BigInteger hotEthBooked = ledger.walletBalance("evm-devnet", "native", HOT, "ETH");

        UUID id = withdraw(merchant, "USDT", to, "12.5");
        assertThat(ledger.hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(attempt).equals("TRACKING"));

        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt(txid, Duration.ofSeconds(30));
        assertThat(receipt.succeeded()).isTrue();
        workerLooksAgain(attempt); // head = B: not final
        EVM.mine(1);
        workerLooksAgain(attempt); // head = B + 1: still not final at depth 3
        assertThat(trackedStatus(attempt)).isEqualTo("TRACKING");
        assertThat(status(id)).isEqualTo("BROADCAST");
        EVM.mine(1); // head = B + 2: final
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));

        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        assertThat(workerDb.queryForObject("SELECT fee_amount FROM tracked_transaction WHERE reference = ?",
                java.math.BigDecimal.class, attempt.get("id").toString()).toBigIntegerExact()).isEqualTo(fee);
        JsonNode confirmed = onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString());
        assertThat(confirmed.path("tx_hash").asString()).isEqualToIgnoringCase(txid);
        assertThat(confirmed.path("fee_amount").asString()).isEqualTo(fee.toString());
        JsonNode shown = shown(merchant, id);
        assertThat(shown.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(shown.path("tx_hash").asString()).as("the merchant API shows the mined transaction").isEqualTo(txid);
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

        deliverAgain(workerDb, "transaction.final", attempt.get("id").toString(), Topics.TRANSACTIONS, withdrawalDb,
                "withdrawal.transactions");
        deliverAgain(withdrawalDb, "withdrawal.confirmed", id.toString(), Topics.WITHDRAWALS, ledgerDb,
                "ledger.withdrawals");
        deliverAgain(withdrawalDb, "transaction.track-requested", attempt.get("id").toString(),
                Topics.TRACK_REQUESTS, workerDb, "confirmation.track-requests");

        assertThat(workerDb.queryForObject("SELECT count(*) FROM tracked_transaction WHERE reference = ?", Long.class,
                attempt.get("id").toString())).as("tracked once").isOne();
        assertThat(outboxEvents(workerDb, "transaction.final", attempt.get("id").toString())).isOne();
        assertThat(outboxEvents(withdrawalDb, "withdrawal.confirmed", id.toString())).isOne();
        assertThat(feeEntries(id)).isOne();
        assertThat(feeBooked(id)).isEqualTo(fee);
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("7.5"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(ledger.walletBalance("evm-devnet", USDT.checksummed(), HOT, "USDT"))
                .isEqualTo(hotTokensBooked.subtract(usd("12.5")));
        assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH")).isEqualTo(hotEthBooked.subtract(fee));
        assertThat(transfersTo(USDT, to, receipt.blockNumber())).as("exactly one transfer").containsExactly(
                usd("12.5"));
        assertThat(EVM.client().erc20Balance(USDT, to)).isEqualTo(usd("12.5"));
    }

    // ---- 2. a revert on chain ----------------------------------------------------------------------------------------

    /**
     * The transfer is priced, signed and accepted by the node (the destination is clean then), but the token owner's
     * blacklisting of the destination — a higher tip — is mined first in the same block, so our transfer is mined and
     * REVERTS. The worker reports it failed at finality; the withdrawal is FAILED, the hold VOIDED and the burned fee
     * (gasUsed × effectiveGasPrice of the reverted receipt) booked to the platform's network-fee expense, once.
     */
    @Test
    void aTransferRevertedOnChainFailsTheWithdrawalVoidsTheHoldAndBooksTheBurnedFeeOnce() throws Exception {
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        String merchant = "m-e2e-revert";
        ledger.fund(merchant, "USDC", usd("10"));
        BigInteger hotTokensBooked = ledger.walletBalance("evm-devnet", USDC.checksummed(), HOT, "USDC");
        BigInteger hotEthBooked = ledger.walletBalance("evm-devnet", "native", HOT, "ETH");
        BigInteger hotTokensOnChain = EVM.client().erc20Balance(USDC, EVM_HOT.evmAddress());

        UUID id = withdraw(merchant, "USDC", to, "4");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        assertThat(EVM.client().transaction(txid)).as("our transfer waits in the pool")
                .hasValueSatisfying(tx -> assertThat(tx.pending()).isTrue());
        String blacklisting = blacklistWithAHigherTip(to);

        EVM.mine(1);
        EvmReceipt receipt = EVM.awaitReceipt(txid, Duration.ofSeconds(30));
        EvmReceipt blacklisted = EVM.awaitReceipt(blacklisting, Duration.ofSeconds(30));
        assertThat(blacklisted.succeeded()).isTrue();
        assertThat(blacklisted.blockNumber()).as("same block").isEqualTo(receipt.blockNumber());
        assertThat(receipt.succeeded()).as("our transfer reverted on chain").isFalse();
        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        assertThat(fee).isPositive();

        mineUntil(Duration.ofSeconds(30), () -> "FAILED".equals(status(id)));
        assertFailedOnChainOnceWithTheHoldVoidedAndTheFeeBookedOnce(id, attempt, txid, fee);
        assertThat(feeBooked(id)).isEqualTo(fee);
        assertThat(ledger.available(merchant, "USDC")).isEqualTo(usd("10"));
        assertThat(ledger.held(merchant, "USDC")).isZero();
        assertThat(ledger.walletBalance("evm-devnet", USDC.checksummed(), HOT, "USDC")).isEqualTo(hotTokensBooked);
        assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH")).isEqualTo(hotEthBooked.subtract(fee));
        assertThat(EVM.client().erc20Balance(USDC, to)).isZero();
        assertThat(EVM.client().erc20Balance(USDC, EVM_HOT.evmAddress())).isEqualTo(hotTokensOnChain);
    }

    // ---- 3. killed between the SIGNED commit and the send -------------------------------------------------------------

    /**
     * The service signs, commits SIGNED with the attempt, and dies before a byte reaches the node (the seam throws on
     * the broadcaster's thread; the Spring context is then closed). Nothing is on chain and the worker tracks nothing.
     * A new withdrawal-service on the same database sends exactly the stored raw transaction — same txid, same nonce
     * — and the withdrawal goes on to CONFIRMED through the worker and the ledger: one transfer, one fee.
     */
    @Test
    void killedAfterSignedIsCommittedTheRestartedServiceSendsTheSameTransactionOnce() throws Exception {
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        String merchant = "m-e2e-crash";
        ledger.fund(merchant, "USDT", usd("10"));
        long nonceBefore = EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact();
        SendSeam seam = withdrawalService.getBean(SendSeam.class);
        seam.crashNextSend.set(true);

        UUID id = withdraw(merchant, "USDT", to, "3");
        assertThat(seam.crashed.await(30, TimeUnit.SECONDS)).as("the sender reached the send").isTrue();
        withdrawalService.close();

        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> signed = onlyAttempt(id);
        assertThat(signed.get("status")).isEqualTo("SIGNED");
        String txid = (String) signed.get("txid");
        assertThat(((Number) signed.get("nonce")).longValue()).isEqualTo(nonceBefore);
        assertThat(EVM.client().transaction(txid)).as("never sent").isEmpty();
        assertThat(EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonceBefore);
        assertThat(trackedStatus(signed)).isEqualTo("NOT_TRACKED");

        withdrawalService = startWithdrawalService();
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> sent = onlyAttempt(id);
        assertThat(sent.get("id")).isEqualTo(signed.get("id"));
        assertThat(sent.get("raw_tx")).isEqualTo(signed.get("raw_tx"));
        assertThat(EVM.client().transaction(txid)).as("the stored bytes went out")
                .hasValueSatisfying(tx -> assertThat(tx.nonce().longValueExact()).isEqualTo(nonceBefore));

        mineUntil(Duration.ofSeconds(30), () -> "CONFIRMED".equals(status(id)));
        EvmReceipt receipt = EVM.client().receipt(txid).orElseThrow();
        assertThat(receipt.succeeded()).isTrue();
        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);
        assertThat(feeBooked(id)).isEqualTo(fee);
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("7"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(transfersTo(USDT, to, receipt.blockNumber() - 1)).containsExactly(usd("3"));
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonceBefore + 1);
    }

    // ---- 4. fifty at once from one hot wallet -------------------------------------------------------------------------

    /**
     * 50 withdrawals requested concurrently, signed by the scheduled sender while two more senders race it on the
     * same hot wallet: nonces exactly the chain's next 50, all mined, all confirmed through the worker, exactly 50
     * transfers, every hold posted and every fee booked once with its own receipt's gasUsed × effectiveGasPrice.
     */
    @Test
    void fiftyConcurrentWithdrawalsFromOneHotWalletGetGaplessNoncesAndAreAllConfirmedAndBooked() throws Exception {
        int count = 50;
        String merchant = "m-e2e-fifty";
        ledger.fund(merchant, "USDT", usd("1").multiply(BigInteger.valueOf(count)));
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        BigInteger hotTokensBooked = ledger.walletBalance("evm-devnet", USDT.checksummed(), HOT, "USDT");
        BigInteger hotEthBooked = ledger.walletBalance("evm-devnet", "native", HOT, "ETH");
        long nonceBefore = EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact();
        long firstBlock = EVM.blockNumber() + 1;

        List<UUID> ids = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<CompletableFuture<UUID>> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return withdraw(merchant, "USDT", to, "1");
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            for (CompletableFuture<UUID> request : requests) {
                ids.add(request.join());
            }
        }
        Broadcaster racer = withdrawalService.getBean(Broadcaster.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            CompletableFuture<Void> one = CompletableFuture.runAsync(racer::runOnce);
            CompletableFuture<Void> two = CompletableFuture.runAsync(racer::runOnce);
            one.join();
            two.join();
            return ids.stream().allMatch(id -> "BROADCAST".equals(status(id)));
        });

        List<Long> nonces = new ArrayList<>();
        List<String> txids = new ArrayList<>();
        for (UUID id : ids) {
            Map<String, Object> attempt = onlyAttempt(id);
            nonces.add(((Number) attempt.get("nonce")).longValue());
            txids.add((String) attempt.get("txid"));
        }
        assertThat(nonces.stream().sorted().toList())
                .isEqualTo(LongStream.range(nonceBefore, nonceBefore + count).boxed().toList());

        mineUntil(Duration.ofSeconds(90), () -> ids.stream().allMatch(id -> "CONFIRMED".equals(status(id))));
        BigInteger fees = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            EvmReceipt receipt = EVM.client().receipt(txids.get(i)).orElseThrow();
            assertThat(receipt.succeeded()).isTrue();
            BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
            fees = fees.add(fee);
            UUID id = ids.get(i);
            await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);
            assertThat(feeBooked(id)).isEqualTo(fee);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgerDb.queryForObject(
                "SELECT count(*) FROM hold WHERE merchant_id = ? AND status = 'POSTED'", Long.class, merchant)
                == count);
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonceBefore + count);
        List<BigInteger> transfers = transfersTo(USDT, to, firstBlock);
        assertThat(transfers).hasSize(count).containsOnly(usd("1"));
        assertThat(EVM.client().erc20Balance(USDT, to)).isEqualTo(usd("1").multiply(BigInteger.valueOf(count)));
        assertThat(ledger.available(merchant, "USDT")).isZero();
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(ledger.walletBalance("evm-devnet", USDT.checksummed(), HOT, "USDT"))
                .isEqualTo(hotTokensBooked.subtract(usd("1").multiply(BigInteger.valueOf(count))));
        assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH")).isEqualTo(hotEthBooked.subtract(fees));
    }

    // ---- 6. stuck at a low fee: reported by the worker, replaced, only the replacement mined -------------------------

    /**
     * The transfer is priced below the next blocks' base fee and stays in Hardhat's pool. The worker (its stuck bound
     * here: 4 blocks) reports it stuck; withdrawal-service replaces it (same nonce, each fee +10 % or more); the worker
     * follows the replacement to depth 3; the withdrawal is CONFIRMED with the replacement's txid and fee, which the
     * ledger books once. The first transfer is never mined (one transfer, the nonce used once); the worker closes its
     * row as DROPPED (NONCE_CONSUMED) and nothing more is booked.
     */
    @Test
    void aTransferStuckBelowTheBaseFeeIsReportedByTheWorkerReplacedAndOnlyTheReplacementIsMinedAndBooked()
            throws Exception {
        EvmStory story = evmStory("m-e2e-stuck");
        String merchant = story.merchant();
        EvmAddress to = story.to();
        long nonce = story.nonce();
        UUID id = withdraw(merchant, "USDT", to, "5");
        Map<String, Object> first = broadcastAndTracked(id);
        String firstTxid = (String) first.get("txid");
        Transaction1559 firstFees = fees((String) first.get("raw_tx"));
        baseFeeOfNextBlock(firstFees.getMaxFeePerGas().multiply(BigInteger.valueOf(4)));

        mineUntil(Duration.ofSeconds(60), () -> attempts(id).size() == 2
                && "BROADCAST".equals(attempts(id).get(1).get("status")));
        assertThat(trackedStatus(first)).as("reported by the worker").isEqualTo("STUCK");
        assertThat(EVM.client().receipt(firstTxid)).as("never mined below the base fee").isEmpty();
        Map<String, Object> second = attempts(id).get(1);
        String secondTxid = (String) second.get("txid");
        assertThat(attempts(id).getFirst().get("status")).isEqualTo("REPLACED");
        assertThat(second.get("replaces")).isEqualTo(first.get("id"));
        assertThat(((Number) second.get("nonce")).longValue()).isEqualTo(nonce);
        Transaction1559 secondFees = fees((String) second.get("raw_tx"));
        assertThat(secondFees.getMaxFeePerGas()).isGreaterThanOrEqualTo(
                raisedTenPercent(firstFees.getMaxFeePerGas()));
        assertThat(secondFees.getMaxPriorityFeePerGas()).isGreaterThanOrEqualTo(
                raisedTenPercent(firstFees.getMaxPriorityFeePerGas()));

        mineUntil(Duration.ofSeconds(60), () -> "CONFIRMED".equals(status(id)));
        EvmReceipt receipt = EVM.client().receipt(secondTxid).orElseThrow();
        assertThat(receipt.succeeded()).isTrue();
        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "CONFIRMED");
        JsonNode confirmed = onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString());
        assertThat(confirmed.path("tx_hash").asString()).isEqualToIgnoringCase(secondTxid);
        assertThat(confirmed.path("fee_amount").asString()).isEqualTo(fee.toString());
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

        mineUntil(Duration.ofSeconds(30), () -> trackedStatus(first).equals("DROPPED"));
        assertThat(workerDb.queryForObject("SELECT outcome_reason FROM tracked_transaction WHERE reference = ?",
                String.class, first.get("id").toString())).isEqualTo("NONCE_CONSUMED");
        assertThat(EVM.client().receipt(firstTxid)).isEmpty();
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonce + 1);
        assertThat(transfersTo(USDT, to, story.firstBlock())).as("exactly one transfer").containsExactly(usd("5"));
        assertThat(status(id)).isEqualTo("CONFIRMED");
        assertThat(outboxEvents(withdrawalDb, "withdrawal.confirmed", id.toString())).isOne();
        assertThat(feeEntries(id)).isOne();
        assertThat(feeBooked(id)).isEqualTo(fee);
        assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH"))
                .isEqualTo(story.hotEthBooked().subtract(fee));
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("5"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
    }

    /**
     * Stuck past the fee cap, with the worker running: the base fee jumps far above the evm-devnet cap (1,000 gwei)
     * while the transfer waits; the worker reports it stuck and it is replaced at the cap; the replacement is stuck as
     * well and no further one fits under the cap, so the withdrawal is STUCK (alerted) and nothing else is sent; ops
     * bump it with an explicit maximum above the cap; the bump is mined, CONFIRMED through the worker at depth 3, its
     * fee booked once; one transfer.
     */
    @Test
    void stuckPastTheFeeCapWaitsForOpsThenTheirBumpIsConfirmedThroughTheWorkerAndBookedOnce() throws Exception {
        EvmStory story = evmStory("m-e2e-stuck-cap");
        try {
            UUID id = stuckPastTheCap(story, "3");
            assertThat(trackedStatus(attempts(id).getFirst())).as("reported by the worker").isEqualTo("STUCK");
            List<Map<String, Object>> atTheCap = attempts(id);
            assertThat(atTheCap).extracting(a -> a.get("status")).containsExactly("REPLACED", "BROADCAST");
            assertThat(fees((String) atTheCap.get(1).get("raw_tx")).getMaxFeePerGas()).as("replaced up to the cap")
                    .isEqualTo(EVM_DEVNET_FEE_CAP);
            EVM.mine(2);
            assertThat(attempts(id)).as("nothing more is sent by itself").hasSize(2);
            assertThat(status(id)).isEqualTo("STUCK");

            HttpResponse<String> bumped = ops(id, "bump", EVM_DEVNET_FEE_CAP.multiply(BigInteger.valueOf(100)));
            assertThat(bumped.statusCode()).as(bumped.body()).isEqualTo(200);
            String bumpTxid = JSON.readTree(bumped.body()).path("attempt").path("txid").asString();

            mineUntil(Duration.ofSeconds(60), () -> "CONFIRMED".equals(status(id)));
            EvmReceipt receipt = EVM.client().receipt(bumpTxid).orElseThrow();
            BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
            assertThat(attempts(id)).extracting(a -> a.get("status")).containsExactly("DEAD", "DEAD", "CONFIRMED");
            awaitHold(id, "POSTED");
            await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);
            assertThat(transfersTo(USDT, story.to(), story.firstBlock())).as("exactly one transfer")
                    .containsExactly(usd("3"));
            assertThat(feeBooked(id)).isEqualTo(fee);
            assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH"))
                    .isEqualTo(story.hotEthBooked().subtract(fee));
            assertThat(ledger.available(story.merchant(), "USDT")).isEqualTo(usd("7"));
        } finally {
            normalBaseFee(); // the next tests start from a normal base fee (and nothing stays pending)
        }
    }

    /**
     * Ops cancel a transfer stuck past the fee cap, with the worker running: the cancel — the hot wallet's zero-value
     * self-send at the transfer's nonce, at ops' maximum — is tracked by the worker as a SELF_SEND and reported FINAL
     * at depth 3 after it checked the mined transaction is that self-send (no MISMATCH, no alert). The withdrawal is
     * FAILED as cancelled by ops, the hold voided, the cancel's fee booked once; no transfer; the two transfer attempts
     * are closed by the worker as dropped (their nonce consumed) and nothing more is booked.
     */
    @Test
    void opsCancelOfATransferStuckPastTheCapIsVerifiedByTheWorkerAsASelfSendAndItsFeeBookedOnce() throws Exception {
        EvmStory story = evmStory("m-e2e-cancel");
        try {
            UUID id = stuckPastTheCap(story, "4");

            HttpResponse<String> cancelled = ops(id, "cancel", EVM_DEVNET_FEE_CAP.multiply(BigInteger.valueOf(100)));
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            JsonNode attempt = JSON.readTree(cancelled.body()).path("attempt");
            assertThat(attempt.path("kind").asString()).isEqualTo("CANCEL");
            String cancelTxid = attempt.path("txid").asString();
            Map<String, Object> cancel = Map.of("id", attempt.path("id").asString());

            mineUntil(Duration.ofSeconds(60), () -> "FAILED".equals(status(id)));
            EvmReceipt receipt = EVM.client().receipt(cancelTxid).orElseThrow();
            assertThat(receipt.succeeded()).isTrue();
            EvmTransaction onChain = EVM.client().transaction(cancelTxid).orElseThrow();
            assertThat(onChain.from()).isEqualTo(EVM_HOT.evmAddress());
            assertThat(onChain.to()).contains(EVM_HOT.evmAddress());
            assertThat(onChain.nonce().longValueExact()).isEqualTo(story.nonce());
            BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
            assertThat(workerDb.queryForMap("SELECT purpose, status, outcome_reason, fee_amount FROM "
                    + "tracked_transaction WHERE reference = ?", cancel.get("id")))
                    .containsEntry("purpose", "SELF_SEND").containsEntry("status", "FINAL")
                    .containsEntry("fee_amount", new java.math.BigDecimal(fee));
            assertThat(withdrawalDb.queryForObject("SELECT failure_code FROM withdrawal WHERE id = ?", String.class,
                    id)).isEqualTo("cancelled_by_ops");
            assertThat(attempts(id)).extracting(a -> a.get("kind") + "/" + a.get("status"))
                    .containsExactly("TRANSFER/DEAD", "TRANSFER/DEAD", "CANCEL/CONFIRMED");
            JsonNode failed = onlyOutboxPayload(withdrawalDb, "withdrawal.failed", id.toString());
            assertThat(failed.path("tx_hash").asString()).isEqualToIgnoringCase(cancelTxid);
            assertThat(failed.path("fee_amount").asString()).isEqualTo(fee.toString());
            awaitHold(id, "VOIDED");
            await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

            List<Map<String, Object>> transfers = attempts(id).subList(0, 2);
            mineUntil(Duration.ofSeconds(60), () -> transfers.stream()
                    .allMatch(a -> trackedStatus(a).equals("DROPPED")));
            assertThat(workerDb.queryForObject("SELECT count(*) FROM tracked_transaction WHERE reference IN (?, ?, ?) "
                    + "AND outcome_reason = 'MISMATCH'", Long.class, transfers.get(0).get("id").toString(),
                    transfers.get(1).get("id").toString(), cancel.get("id"))).as("no mismatch reported").isZero();
            deliverAgain(workerDb, "transaction.final", (String) cancel.get("id"), Topics.TRANSACTIONS, withdrawalDb,
                    "withdrawal.transactions");
            assertThat(outboxEvents(withdrawalDb, "withdrawal.failed", id.toString())).isOne();
            assertThat(feeEntries(id)).isOne();
            assertThat(feeBooked(id)).isEqualTo(fee);
            assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH"))
                    .isEqualTo(story.hotEthBooked().subtract(fee));
            assertThat(ledger.available(story.merchant(), "USDT")).isEqualTo(usd("10"));
            assertThat(ledger.held(story.merchant(), "USDT")).isZero();
            assertThat(transfersTo(USDT, story.to(), story.firstBlock())).as("no transfer").isEmpty();
            assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(story.nonce() + 1);
        } finally {
            normalBaseFee();
        }
    }

    /**
     * Ops cancel, but the ORIGINAL transfer is what the chain mines (it reached another node first; here the cancel
     * is dropped from the pool and the first attempt's raw transaction sent again once the base fee has fallen), with
     * the worker running: the worker reports the transfer final → CONFIRMED with that attempt's fee, booked once, one
     * transfer; the cancel's nonce is consumed by the transfer, so the worker closes the cancel as DROPPED and
     * withdrawal-service does nothing with it (nothing rebuilt, nothing failed, nothing booked twice).
     */
    @Test
    void ifTheOriginalIsMinedInsteadOfTheCancelTheWorkerConfirmsItAndClosesTheCancelAsDropped() throws Exception {
        EvmStory story = evmStory("m-e2e-cancel-lost");
        try {
            UUID id = stuckPastTheCap(story, "6");
            Map<String, Object> first = attempts(id).getFirst();

            // above the stuck attempt's fee (the cap), far below the base fee: the cancel waits in the pool
            HttpResponse<String> cancelled = ops(id, "cancel", EVM_DEVNET_FEE_CAP.multiply(BigInteger.TWO));
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            JsonNode attempt = JSON.readTree(cancelled.body()).path("attempt");
            String cancelTxid = attempt.path("txid").asString();
            Map<String, Object> cancel = Map.of("id", attempt.path("id").asString());
            await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(cancel).equals("TRACKING"));
            assertThat(EVM.dropTransaction(cancelTxid)).as("the cancel never reaches a block").isTrue();
            baseFeeOfNextBlock(GWEI.divide(BigInteger.TEN));
            EVM.client().sendRawTransaction(Numeric.hexStringToByteArray((String) first.get("raw_tx")));

            mineUntil(Duration.ofSeconds(60), () -> "CONFIRMED".equals(status(id)));
            EvmReceipt receipt = EVM.client().receipt((String) first.get("txid")).orElseThrow();
            assertThat(receipt.succeeded()).isTrue();
            BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
            JsonNode confirmed = onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString());
            assertThat(confirmed.path("tx_hash").asString()).isEqualToIgnoringCase((String) first.get("txid"));
            assertThat(confirmed.path("fee_amount").asString()).isEqualTo(fee.toString());
            awaitHold(id, "POSTED");
            await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

            mineUntil(Duration.ofSeconds(60), () -> trackedStatus(cancel).equals("DROPPED"));
            assertThat(workerDb.queryForObject("SELECT outcome_reason FROM tracked_transaction WHERE reference = ?",
                    String.class, cancel.get("id"))).isEqualTo("NONCE_CONSUMED");
            UUID droppedEvent = EventJson.read(workerDb.queryForObject("SELECT payload FROM outbox_event WHERE "
                    + "event_type = 'transaction.dropped' AND message_key = ?", String.class, cancel.get("id")))
                    .eventId();
            await("withdrawal-service took the cancel's dropped report").atMost(Duration.ofSeconds(30))
                    .until(() -> withdrawalDb.queryForObject("SELECT count(*) FROM inbox_event WHERE consumer = "
                            + "'withdrawal.transactions' AND event_id = ?", Long.class, droppedEvent) == 1);
            List<Map<String, Object>> all = attempts(id);
            assertThat(all.getFirst().get("status")).isEqualTo("CONFIRMED");
            assertThat(all.subList(1, all.size())).as("every other attempt of the nonce is dead")
                    .allSatisfy(a -> assertThat(a.get("status")).isEqualTo("DEAD"));
            assertThat(all).extracting(a -> a.get("kind")).contains("CANCEL");
            assertThat(status(id)).isEqualTo("CONFIRMED");
            assertThat(outboxEvents(withdrawalDb, "withdrawal.failed", id.toString())).isZero();
            assertThat(EVM.client().receipt(cancelTxid)).isEmpty();
            assertThat(transfersTo(USDT, story.to(), story.firstBlock())).as("exactly one transfer")
                    .containsExactly(usd("6"));
            assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(story.nonce() + 1);
            assertThat(feeEntries(id)).isOne();
            assertThat(feeBooked(id)).isEqualTo(fee);
            assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH"))
                    .isEqualTo(story.hotEthBooked().subtract(fee));
            assertThat(ledger.available(story.merchant(), "USDT")).isEqualTo(usd("4"));
            assertThat(ledger.held(story.merchant(), "USDT")).isZero();
        } finally {
            normalBaseFee();
        }
    }

    /**
     * The hot wallet's key was used outside StableRail: a transaction nobody here signed takes the nonce of a broadcast
     * withdrawal (here the withdrawal's transaction leaves the node's pool and the other one, with a higher tip, is
     * mined in its place — as when it reaches the miners first). Until that other transaction is at evm-devnet's
     * finality point (depth 3) nothing is rebuilt: a reorg could still mine ours. Then the worker reports the attempt
     * DROPPED (NONCE_CONSUMED), withdrawal-service proves it dead by the same rule, builds ONE new attempt on the next
     * nonce, and that one is confirmed through the worker: one transfer, the hold posted once, the rebuilt attempt's fee
     * booked once (the foreign transaction's fee is not ours to book: reconciliation sees the difference).
     */
    @Test
    void aForeignTransactionTakingTheNonceIsDroppedAtFinalityAndTheWithdrawalRebuiltOnceAndConfirmedOnce()
            throws Exception {
        EvmStory story = evmStory("m-e2e-foreign-nonce");
        UUID id = withdraw(story.merchant(), "USDT", story.to(), "3");
        Map<String, Object> first = broadcastAndTracked(id);
        long nonce = story.nonce();
        assertThat(((Number) first.get("nonce")).longValue()).isEqualTo(nonce);

        assertThat(EVM.dropTransaction((String) first.get("txid"))).isTrue();
        RawTransaction foreign = RawTransaction.createEtherTransaction(HardhatDevnet.CHAIN_ID,
                BigInteger.valueOf(nonce), BigInteger.valueOf(21_000), DevnetFixtures.freshEvmAddress().checksummed(),
                BigInteger.ONE, GWEI.multiply(BigInteger.valueOf(50)), GWEI.multiply(BigInteger.valueOf(100)));
        String foreignTxid = EVM.client().sendRawTransaction(EvmTransactionSigning.sign(foreign,
                HardhatDevnet.CHAIN_ID, EVM_HOT)).transactionHash();
        EVM.mine(1);
        long foreignBlock = EVM.awaitReceipt(foreignTxid, Duration.ofSeconds(30)).blockNumber();

        // head = the foreign block + 1: the nonce is consumed, but not yet at the finality point
        EVM.mine(1);
        workerLooksAgain(first);
        assertThat(trackedStatus(first)).isEqualTo("TRACKING");
        assertThat(attempts(id)).as("nothing rebuilt while a reorg could still mine the first attempt").hasSize(1);

        mineUntil(Duration.ofSeconds(60), () -> trackedStatus(first).equals("DROPPED"));
        assertThat(workerDb.queryForObject("SELECT outcome_reason FROM tracked_transaction WHERE reference = ?",
                String.class, first.get("id").toString())).isEqualTo("NONCE_CONSUMED");
        assertThat(EVM.blockNumber()).as("reported only at depth 3").isGreaterThanOrEqualTo(foreignBlock + 2);

        mineUntil(Duration.ofSeconds(60), () -> "CONFIRMED".equals(status(id)));
        List<Map<String, Object>> all = attempts(id);
        assertThat(all).extracting(a -> a.get("kind") + "/" + a.get("status"))
                .containsExactly("TRANSFER/DEAD", "TRANSFER/CONFIRMED");
        Map<String, Object> rebuilt = all.get(1);
        assertThat(((Number) rebuilt.get("nonce")).longValue()).as("the next nonce").isEqualTo(nonce + 1);
        assertThat(EVM.client().receipt((String) first.get("txid"))).isEmpty();
        EvmReceipt receipt = EVM.client().receipt((String) rebuilt.get("txid")).orElseThrow();
        BigInteger fee = receipt.gasUsed().multiply(receipt.effectiveGasPrice());
        JsonNode confirmed = onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString());
        assertThat(confirmed.path("tx_hash").asString()).isEqualToIgnoringCase((String) rebuilt.get("txid"));
        assertThat(shown(story.merchant(), id).path("tx_hash").asString()).as("the rebuilt one, not the dead one")
                .isEqualTo(rebuilt.get("txid"));
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

        deliverAgain(workerDb, "transaction.dropped", first.get("id").toString(), Topics.TRANSACTIONS, withdrawalDb,
                "withdrawal.transactions");
        assertThat(attempts(id)).as("a dropped report again builds nothing").hasSize(2);
        assertThat(transfersTo(USDT, story.to(), story.firstBlock())).as("exactly one transfer")
                .containsExactly(usd("3"));
        assertThat(EVM.client().erc20Balance(USDT, story.to())).isEqualTo(usd("3"));
        assertThat(outboxEvents(withdrawalDb, "withdrawal.confirmed", id.toString())).isOne();
        assertThat(feeEntries(id)).isOne();
        assertThat(feeBooked(id)).isEqualTo(fee);
        assertThat(ledger.walletBalance("evm-devnet", "native", HOT, "ETH"))
                .isEqualTo(story.hotEthBooked().subtract(fee));
        assertThat(ledger.available(story.merchant(), "USDT")).isEqualTo(usd("7"));
        assertThat(ledger.held(story.merchant(), "USDT")).isZero();
        assertThat(EVM.client().nonceLatest(EVM_HOT.evmAddress()).longValueExact()).isEqualTo(nonce + 2);
    }

    /** evm-devnet's fee cap in the registry: 1,000 gwei per gas. */
    static final BigInteger EVM_DEVNET_FEE_CAP = GWEI.multiply(BigInteger.valueOf(1_000));

    /** Where an EVM story starts: its merchant and destination, the books and the chain before it. */
    record EvmStory(String merchant, EvmAddress to, BigInteger hotEthBooked, long nonce, long firstBlock) {
    }

    /**
     * A normal base fee again (one block mined), a fresh destination, {@code merchant} funded with 10 USDT; the hot
     * wallet's booked ETH, its next nonce and the next block are read before anything is sent.
     */
    static EvmStory evmStory(String merchant) {
        normalBaseFee();
        EvmAddress to = DevnetFixtures.freshEvmAddress();
        ledger.fund(merchant, "USDT", usd("10"));
        return new EvmStory(merchant, to, ledger.walletBalance("evm-devnet", "native", HOT, "ETH"),
                EVM.client().noncePending(EVM_HOT.evmAddress()).longValueExact(), EVM.blockNumber() + 1);
    }

    /**
     * A withdrawal of {@code amount} USDT, broadcast and tracked by the worker, then stuck past the fee cap: the base
     * fee jumps to 20× the cap (it falls 12.5 % per empty block), the worker reports it stuck, it is replaced at the cap
     * and stuck again → STUCK.
     */
    UUID stuckPastTheCap(EvmStory story, String amount) throws Exception {
        UUID id = withdraw(story.merchant(), "USDT", story.to(), amount);
        broadcastAndTracked(id);
        baseFeeOfNextBlock(EVM_DEVNET_FEE_CAP.multiply(BigInteger.valueOf(20)));
        mineUntil(Duration.ofSeconds(60), () -> "STUCK".equals(status(id)));
        return id;
    }

    /** Ops {@code action} ({@code bump} or {@code cancel}) on the withdrawal's transaction, at most {@code maxFee}. */
    HttpResponse<String> ops(UUID id, String action, BigInteger maxFee) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(withdrawalUrl() + "/internal/v1/ops/withdrawals/" + id
                        + "/transaction/" + action))
                .header("Content-Type", "application/json").header("X-Actor", "ops-e2e")
                .POST(HttpRequest.BodyPublishers.ofString("{\"max_fee_per_gas_wei\":\"" + maxFee + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * After a mined, reverted transfer: the worker's row FAILED REVERTED with {@code fee}; the withdrawal FAILED
     * ({@code failed_on_chain}) with one {@code withdrawal.failed} carrying the txid and fee; the hold VOIDED; one fee
     * entry — also after the worker's outcome and our {@code withdrawal.failed} are delivered again (as they were and
     * under new event ids).
     */
    static void assertFailedOnChainOnceWithTheHoldVoidedAndTheFeeBookedOnce(UUID id, Map<String, Object> attempt,
            String txid, BigInteger fee) throws Exception {
        assertThat(withdrawalDb.queryForObject("SELECT failure_code FROM withdrawal WHERE id = ?", String.class, id))
                .isEqualTo("failed_on_chain");
        assertThat(workerDb.queryForMap("SELECT status, outcome_reason, fee_amount FROM tracked_transaction "
                + "WHERE reference = ?", attempt.get("id").toString()))
                .containsEntry("status", "FAILED").containsEntry("outcome_reason", "REVERTED")
                .containsEntry("fee_amount", new java.math.BigDecimal(fee));
        JsonNode failed = onlyOutboxPayload(withdrawalDb, "withdrawal.failed", id.toString());
        assertThat(failed.path("tx_hash").asString()).isEqualToIgnoringCase(txid);
        assertThat(failed.path("fee_amount").asString()).isEqualTo(fee.toString());
        awaitHold(id, "VOIDED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

        deliverAgain(workerDb, "transaction.failed", attempt.get("id").toString(), Topics.TRANSACTIONS, withdrawalDb,
                "withdrawal.transactions");
        deliverAgain(withdrawalDb, "withdrawal.failed", id.toString(), Topics.WITHDRAWALS, ledgerDb,
                "ledger.withdrawals");

        assertThat(outboxEvents(withdrawalDb, "withdrawal.failed", id.toString())).isOne();
        assertThat(feeEntries(id)).isOne();
    }

    /** The base fee back to 1 gwei, one block mined at it. */
    static void normalBaseFee() {
        baseFeeOfNextBlock(GWEI);
        EVM.mine(1);
    }

    static void baseFeeOfNextBlock(BigInteger wei) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hardhat_setNextBlockBaseFeePerGas\",\"params\":[\""
                + Numeric.encodeQuantity(wei) + "\"]}";
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(EVM.rpcUrl())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).as("hardhat_setNextBlockBaseFeePerGas").contains("\"result\":true");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Transaction1559 fees(String raw) {
        return (Transaction1559) TransactionDecoder.decode(raw).getTransaction();
    }

    static BigInteger raisedTenPercent(BigInteger fee) {
        BigInteger[] qr = fee.multiply(BigInteger.valueOf(110)).divideAndRemainder(BigInteger.valueOf(100));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    // ---- 5. TRON: the happy path and the crash before the send ---------------------------------------------------------

    /**
     * TRON through the worker: broadcast, in a block (the recipient has the USDT), final only once the block is
     * solidified (not at 17 blocks on top, at 18) → CONFIRMED → the ledger posts the hold and books the burned TRX
     * (the transaction info's fee, in sun) once, also when the outcome and {@code withdrawal.confirmed} come again.
     */
    @Test
    void aTronWithdrawalIsConfirmedThroughTheWorkerOnceSolidifiedAndBookedOnce() throws Exception {
        TronAddress to = freshTronAddress();
        String merchant = "m-e2e-tron";
        ledger.fund(merchant, "USDT", usd("20"));
        BigInteger hotTokensBooked = ledger.walletBalance("tron-devnet", TRON_USDT, TRON_HOT.base58(), "USDT");
        BigInteger hotTrxBooked = ledger.walletBalance("tron-devnet", "native", TRON_HOT.base58(), "TRX");

        UUID id = withdraw(merchant, "tron-devnet", "USDT", to.base58(), "7.25");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        assertThat(TRON.isPending(txid)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(attempt).equals("TRACKING"));

        TRON.produceBlocks(1);
        long block = TRON.headBlockNumber();
        assertThat(TRON.usdtBalance(to)).isEqualTo(usd("7.25"));
        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS - 1);
        assertThat(TRON.solidifiedBlockNumber()).isLessThan(block);
        workerLooksAgain(attempt); // in a block, not yet solidified
        assertThat(trackedStatus(attempt)).isEqualTo("TRACKING");
        assertThat(status(id)).isEqualTo("BROADCAST");
        TRON.produceBlocks(1);
        assertThat(TRON.solidifiedBlockNumber()).isEqualTo(block);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));

        BigInteger fee;
        try (TronClient client = tronClient()) {
            fee = BigInteger.valueOf(client.transactionInfo(txid, TronNode.SOLIDITY).orElseThrow().getFee());
        }
        assertThat(fee).as("energy and bandwidth burned in TRX").isPositive();
        assertThat(onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString()).path("fee_amount")
                .asString()).isEqualTo(fee.toString());
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);

        deliverAgain(workerDb, "transaction.final", attempt.get("id").toString(), Topics.TRANSACTIONS, withdrawalDb,
                "withdrawal.transactions");
        deliverAgain(withdrawalDb, "withdrawal.confirmed", id.toString(), Topics.WITHDRAWALS, ledgerDb,
                "ledger.withdrawals");

        assertThat(outboxEvents(withdrawalDb, "withdrawal.confirmed", id.toString())).isOne();
        assertThat(feeEntries(id)).isOne();
        assertThat(feeBooked(id, "TRX")).isEqualTo(fee);
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("12.75"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(ledger.walletBalance("tron-devnet", TRON_USDT, TRON_HOT.base58(), "USDT"))
                .isEqualTo(hotTokensBooked.subtract(usd("7.25")));
        assertThat(ledger.walletBalance("tron-devnet", "native", TRON_HOT.base58(), "TRX"))
                .isEqualTo(hotTrxBooked.subtract(fee));
        assertThat(TRON.usdtBalance(to)).as("one transfer").isEqualTo(usd("7.25"));
    }

    /**
     * TRON, reverted on chain, through the worker: the transfer is built (its estimate passes), signed and accepted
     * while the hot wallet is clean; the token then blacklists the hot wallet for the one block that executes it, so it
     * is mined and REVERTS, burning TRX for energy. (Tether's TRC-20 USDT checks only the sender against its blacklist,
     * so on TRON the sender is what gets blacklisted; the EVM test blacklists the destination, as Circle's USDC does.)
     * The worker reports it failed once solidified; the withdrawal is FAILED, the hold VOIDED, the burned TRX booked
     * once, also when the outcome comes again; no USDT moved.
     */
    @Test
    void aTronTransferRevertedOnChainFailsTheWithdrawalVoidsTheHoldAndBooksTheBurnedTrxOnce() throws Exception {
        TronAddress to = freshTronAddress();
        String merchant = "m-e2e-tron-revert";
        ledger.fund(merchant, "USDT", usd("10"));
        BigInteger hotTokensBooked = ledger.walletBalance("tron-devnet", TRON_USDT, TRON_HOT.base58(), "USDT");
        BigInteger hotTrxBooked = ledger.walletBalance("tron-devnet", "native", TRON_HOT.base58(), "TRX");
        BigInteger hotTokensOnChain = TRON.usdtBalance(TRON_HOT);

        UUID id = withdraw(merchant, "tron-devnet", "USDT", to.base58(), "3");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> attempt = onlyAttempt(id);
        String txid = (String) attempt.get("txid");
        assertThat(TRON.isPending(txid)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(attempt).equals("TRACKING"));
        TRON.blacklistUsdt(TRON_HOT);
        try {
            TRON.produceBlocks(1);
        } finally {
            TRON.unblacklistUsdt(TRON_HOT);
        }
        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(id)));
        TransactionInfo info;
        try (TronClient client = tronClient()) {
            info = client.transactionInfo(txid, TronNode.SOLIDITY).orElseThrow();
        }
        assertThat(info.getReceipt().getResult()).as("reverted on chain").isEqualTo(contractResult.REVERT);
        BigInteger fee = BigInteger.valueOf(info.getFee());
        assertThat(fee).as("energy and bandwidth burned in TRX").isPositive();
        assertFailedOnChainOnceWithTheHoldVoidedAndTheFeeBookedOnce(id, attempt, txid, fee);
        assertThat(attempts(id)).as("nothing rebuilt after a mined failure").hasSize(1);
        assertThat(feeBooked(id, "TRX")).isEqualTo(fee);
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("10"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(ledger.walletBalance("tron-devnet", TRON_USDT, TRON_HOT.base58(), "USDT"))
                .isEqualTo(hotTokensBooked);
        assertThat(ledger.walletBalance("tron-devnet", "native", TRON_HOT.base58(), "TRX"))
                .isEqualTo(hotTrxBooked.subtract(fee));
        assertThat(TRON.usdtBalance(to)).as("no USDT moved").isZero();
        assertThat(TRON.usdtBalance(TRON_HOT)).isEqualTo(hotTokensOnChain);
    }

    /**
     * TRON, killed after the SIGNED commit and before the send: nothing reached the node; the restarted service sends
     * the stored transaction (same txid, same reference block and expiration) and it is confirmed once solidified.
     */
    @Test
    void tronKilledAfterSignedIsCommittedTheRestartedServiceSendsTheSameTransactionOnce() throws Exception {
        TronAddress to = freshTronAddress();
        String merchant = "m-e2e-tron-crash";
        ledger.fund(merchant, "USDT", usd("10"));
        SendSeam seam = withdrawalService.getBean(SendSeam.class);
        seam.crashNextSend.set(true);

        UUID id = withdraw(merchant, "tron-devnet", "USDT", to.base58(), "2.5");
        assertThat(seam.crashed.await(30, TimeUnit.SECONDS)).as("the sender reached the send").isTrue();
        withdrawalService.close();

        assertThat(status(id)).isEqualTo("SIGNED");
        Map<String, Object> signed = onlyAttempt(id);
        String txid = (String) signed.get("txid");
        assertThat(TRON.isPending(txid)).as("never sent").isFalse();
        assertThat(trackedStatus(signed)).isEqualTo("NOT_TRACKED");

        withdrawalService = startWithdrawalService();
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> sent = onlyAttempt(id);
        assertThat(sent.get("id")).isEqualTo(signed.get("id"));
        assertThat(sent.get("raw_tx")).isEqualTo(signed.get("raw_tx"));
        assertThat(sent.get("expires_at")).isEqualTo(signed.get("expires_at"));
        assertThat(TRON.isPending(txid)).as("the stored bytes went out").isTrue();

        TRON.produceBlocks(1 + TronDevnet.SOLIDIFICATION_LAG_BLOCKS);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);
        assertThat(feeBooked(id, "TRX")).isPositive();
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("7.5"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
        assertThat(TRON.usdtBalance(to)).as("one transfer").isEqualTo(usd("2.5"));
    }

    /**
     * TRON node down (every broadcast hangs until the client's deadline) longer than the attempt's expiration: the
     * attempt stays SIGNED; once the head is past its expiration the node refuses it, but nothing is rebuilt while the
     * solidified head is not past it too; then exactly one new attempt is built, tracked by the worker and CONFIRMED
     * once solidified. The first transaction is never on chain; one transfer; the hold posted and one fee booked.
     */
    @Test
    void tronNodeDownPastTheExpirationIsRebuiltOnlyOnceProvablyDeadAndConfirmedThroughTheWorkerOnce()
            throws Exception {
        TronAddress to = freshTronAddress();
        String merchant = "m-e2e-tron-down";
        ledger.fund(merchant, "USDT", usd("10"));
        TRON.faults().timeout("BroadcastTransaction");
        UUID id;
        String firstTxid;
        try {
            id = withdraw(merchant, "tron-devnet", "USDT", to.base58(), "4");
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts(id).size() == 1
                    && ((Number) attempts(id).getFirst().get("send_failures")).intValue() >= 1);
            firstTxid = (String) onlyAttempt(id).get("txid");
            TRON.produceBlocks(21); // the head is past the expiration (60 s = 20 blocks); the solidified head is not
        } finally {
            TRON.faults().clear();
        }
        int failures = ((Number) onlyAttempt(id).get("send_failures")).intValue();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ((Number) onlyAttempt(id).get("send_failures")).intValue() >= failures + 2);
        assertThat(status(id)).as("refused as expired, not provably dead yet").isEqualTo("SIGNED");
        assertThat(onlyAttempt(id).get("status")).isEqualTo("SIGNED");
        assertThat(TRON.isPending(firstTxid)).isFalse();

        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS + 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> "BROADCAST".equals(status(id)));
        List<Map<String, Object>> attempts = theRebuiltAttemptIsConfirmedThroughTheWorker(id, firstTxid);
        assertThat(trackedStatus(attempts.getFirst())).as("never sent, never tracked").isEqualTo("NOT_TRACKED");
        try (TronClient client = tronClient()) {
            assertThat(client.transaction(firstTxid, TronNode.FULL)).isEmpty();
        }
        assertThat(TRON.usdtBalance(to)).as("one transfer").isEqualTo(usd("4"));
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("6"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
    }

    /**
     * TRON, accepted by the node and then lost (it answers SUCCESS and forgets the transaction, as after a node restart
     * or a pool eviction), with the worker running: BROADCAST and tracked; nothing is rebuilt while only the head is
     * past the expiration; once the solidified head is, the worker reports it DROPPED (EXPIRED), withdrawal-service's
     * sender proves the death itself and builds one new attempt, which the worker follows to CONFIRMED: the lost
     * transaction never on chain, one transfer, one fee.
     */
    @Test
    void aTronTransferAcceptedThenLostIsReportedDroppedByTheWorkerRebuiltOnceProvenDeadAndConfirmedOnce()
            throws Exception {
        TronAddress to = freshTronAddress();
        String merchant = "m-e2e-tron-lost";
        ledger.fund(merchant, "USDT", usd("10"));
        TRON.faults().acceptThenDrop(1);
        UUID id;
        Map<String, Object> first;
        try {
            id = withdraw(merchant, "tron-devnet", "USDT", to.base58(), "5");
            await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
            first = onlyAttempt(id);
        } finally {
            TRON.faults().clear();
        }
        String firstTxid = (String) first.get("txid");
        assertThat(TRON.isPending(firstTxid)).as("accepted, then forgotten by the node").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(first).equals("TRACKING"));

        TRON.produceBlocks(21); // the head is past the expiration (60 s = 20 blocks); the solidified head is not
        workerLooksAgain(first);
        assertThat(trackedStatus(first)).as("expired at the head only: not provably dead").isEqualTo("TRACKING");
        assertThat(attempts(id)).as("nothing rebuilt").hasSize(1);

        TRON.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS + 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> attempts(id).size() == 2
                && "BROADCAST".equals(attempts(id).get(1).get("status")));
        assertThat(workerDb.queryForMap("SELECT status, outcome_reason FROM tracked_transaction WHERE reference = ?",
                first.get("id").toString())).containsEntry("status", "DROPPED").containsEntry("outcome_reason",
                "EXPIRED");
        theRebuiltAttemptIsConfirmedThroughTheWorker(id, firstTxid);
        assertThat(attempts(id)).as("one rebuild, no more").hasSize(2);
        try (TronClient client = tronClient()) {
            assertThat(client.transaction(firstTxid, TronNode.FULL)).isEmpty();
        }
        assertThat(TRON.usdtBalance(to)).as("one transfer").isEqualTo(usd("5"));
        assertThat(ledger.available(merchant, "USDT")).isEqualTo(usd("5"));
        assertThat(ledger.held(merchant, "USDT")).isZero();
    }

    /**
     * TRON, after a rebuild: the first attempt DEAD, the second (a new txid) tracked by the worker and, once
     * solidified, CONFIRMED with its own txid, the hold POSTED and one fee booked. Returns the attempts.
     */
    static List<Map<String, Object>> theRebuiltAttemptIsConfirmedThroughTheWorker(UUID id, String firstTxid) {
        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly("DEAD", "BROADCAST");
        Map<String, Object> second = attempts.get(1);
        assertThat(second.get("txid")).isNotEqualTo(firstTxid);
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(second).equals("TRACKING"));

        TRON.produceBlocks(1 + TronDevnet.SOLIDIFICATION_LAG_BLOCKS);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        awaitHold(id, "POSTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> feeEntries(id) == 1);
        assertThat(onlyOutboxPayload(withdrawalDb, "withdrawal.confirmed", id.toString()).path("tx_hash").asString())
                .isEqualTo(second.get("txid"));
        return attempts;
    }

    static TronClient tronClient() {
        return DevnetFixtures.tronClient(TRON);
    }

    static TronAddress freshTronAddress() {
        return DevnetFixtures.freshTronAddress();
    }

    // ---- helpers: the story steps -----------------------------------------------------------------------------------

    /** The token owner blacklists {@code account} with a tip far above ours, so it is ordered first in the block. */
    static String blacklistWithAHigherTip(EvmAddress account) {
        LocalKeySigner owner = EVM.account(0);
        String data = FunctionEncoder.encode(new Function("blacklist", List.of(new Address(account.checksummed())),
                List.of()));
        BigInteger gas = EVM.client().estimateGas(owner.evmAddress(), USDC, BigInteger.ZERO, data);
        RawTransaction transaction = RawTransaction.createTransaction(HardhatDevnet.CHAIN_ID,
                EVM.client().noncePending(owner.evmAddress()), gas, USDC.checksummed(), BigInteger.ZERO, data,
                GWEI.multiply(BigInteger.valueOf(100)), GWEI.multiply(BigInteger.valueOf(300)));
        return EVM.client().sendRawTransaction(EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID, owner))
                .transactionHash();
    }

    UUID withdraw(String merchant, String asset, EvmAddress to, String amount) throws IOException,
            InterruptedException {
        return withdraw(merchant, "evm-devnet", asset, to.checksummed(), amount);
    }

    UUID withdraw(String merchant, String chain, String asset, String to, String amount) throws IOException,
            InterruptedException {
        String body = "{\"chain\":\"" + chain + "\",\"asset\":\"" + asset + "\",\"to_address\":\"" + to
                + "\",\"amount\":\"" + amount + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(withdrawalUrl()
                        + "/internal/v1/merchants/" + merchant + "/withdrawals"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }

    /** Mines a block every 200 ms until {@code done}: the chain's clock while the services work. */
    static void mineUntil(Duration timeout, BooleanSupplier done) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (done.getAsBoolean()) {
                return true;
            }
            EVM.mine(1);
            return false;
        });
    }

    /** Waits until the worker has looked at the attempt twice more (so at least once after the last block mined). */
    static void workerLooksAgain(Map<String, Object> attempt) {
        int looks = workerDb.queryForObject("SELECT attempts FROM tracked_transaction WHERE reference = ?",
                Integer.class, attempt.get("id").toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> workerDb.queryForObject(
                "SELECT attempts FROM tracked_transaction WHERE reference = ?", Integer.class,
                attempt.get("id").toString()) >= looks + 2);
    }

    static String trackedStatus(Map<String, Object> attempt) {
        List<String> found = workerDb.queryForList("SELECT status FROM tracked_transaction WHERE reference = ?",
                String.class, attempt.get("id").toString());
        return found.isEmpty() ? "NOT_TRACKED" : found.getFirst();
    }

    /**
     * Sends the event {@code type} with {@code key} from {@code source}'s outbox again to the stack's topic, twice:
     * as it was, and under a new event id (a re-report the inbox cannot recognise); waits until the consumer has
     * recorded the second one in its inbox — the first, on the same partition before it, is then handled too.
     */
    static void deliverAgain(JdbcTemplate source, String type, String key, String topic, JdbcTemplate consumerDb,
                             String consumer) throws Exception {
        String payload = source.queryForObject("SELECT payload FROM outbox_event WHERE event_type = ? AND "
                + "message_key = ?", String.class, type, key);
        EventEnvelope original = EventJson.read(payload);
        EventEnvelope renamed = new EventEnvelope(UUID.randomUUID(), original.type(), original.version(),
                original.occurredAt(), original.aggregateId(), original.payload());
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> kafka = withdrawalService.getBean(KafkaTemplate.class);
        kafka.send(TOPIC_PREFIX + topic, key, payload).get();
        kafka.send(TOPIC_PREFIX + topic, key, EventJson.write(renamed)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumerDb.queryForObject(
                "SELECT count(*) FROM inbox_event WHERE consumer = ? AND event_id = ?", Long.class, consumer,
                renamed.eventId()) == 1);
    }

    static void awaitHold(UUID withdrawalId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                status.equals(ledger.hold(Withdrawal.holdIdOf(withdrawalId)).path("status").asString()));
    }

    /** NETWORK_FEE journal entries the ledger recorded for this withdrawal. */
    static long feeEntries(UUID withdrawalId) {
        return ledgerDb.queryForObject("SELECT count(*) FROM journal_entry WHERE entry_type = 'NETWORK_FEE' AND "
                + "reference = ?", Long.class, withdrawalId.toString());
    }

    /** The fee the ledger booked for this withdrawal: the debit of NETWORK_FEE_EXPENSE (ETH, in wei). */
    static BigInteger feeBooked(UUID withdrawalId) {
        return feeBooked(withdrawalId, "ETH");
    }

    /** The debit of NETWORK_FEE_EXPENSE in {@code currency} (its base unit: wei, sun) for this withdrawal. */
    static BigInteger feeBooked(UUID withdrawalId, String currency) {
        return ledgerDb.queryForObject("SELECT coalesce(-sum(p.amount), 0) FROM journal_entry e JOIN posting p ON "
                + "p.entry_id = e.id JOIN account a ON a.id = p.account_id WHERE e.entry_type = 'NETWORK_FEE' AND "
                + "e.reference = ? AND a.kind = 'NETWORK_FEE_EXPENSE' AND a.currency = ?",
                java.math.BigDecimal.class, withdrawalId.toString(), currency).toBigIntegerExact();
    }

    /** Amounts of every Transfer log of {@code token} to {@code to} from block {@code from} to the head. */
    static List<BigInteger> transfersTo(EvmAddress token, EvmAddress to, long from) {
        return EVM.client().transfers(from, EVM.blockNumber(), List.of(token)).stream()
                .filter(t -> t.to().equals(to)).map(Erc20Transfer::amount).toList();
    }

    static long outboxEvents(JdbcTemplate db, String type, String key) {
        return db.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Long.class, type, key);
    }

    static JsonNode onlyOutboxPayload(JdbcTemplate db, String type, String key) {
        assertThat(outboxEvents(db, type, key)).isOne();
        return EventJson.read(db.queryForObject("SELECT payload FROM outbox_event WHERE event_type = ? AND "
                + "message_key = ?", String.class, type, key)).payload();
    }

    static String status(UUID id) {
        return withdrawalDb.queryForObject("SELECT status FROM withdrawal WHERE id = ?", String.class, id);
    }

    static List<Map<String, Object>> attempts(UUID id) {
        return withdrawalDb.queryForList("SELECT * FROM tx_attempt WHERE withdrawal_id = ? ORDER BY attempt_no", id);
    }

    static Map<String, Object> onlyAttempt(UUID id) {
        List<Map<String, Object>> attempts = attempts(id);
        assertThat(attempts).hasSize(1);
        return attempts.getFirst();
    }

    /** Waits until the withdrawal is BROADCAST and the worker tracks its only attempt; returns that attempt. */
    static Map<String, Object> broadcastAndTracked(UUID id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROADCAST".equals(status(id)));
        Map<String, Object> attempt = onlyAttempt(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> trackedStatus(attempt).equals("TRACKING"));
        return attempt;
    }

    /** The withdrawal as its merchant sees it ({@code GET .../withdrawals/{id}}). */
    JsonNode shown(String merchant, UUID id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(withdrawalUrl()
                + "/internal/v1/merchants/" + merchant + "/withdrawals/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String withdrawalUrl() {
        return "http://127.0.0.1:" + withdrawalService.getEnvironment().getProperty("local.server.port");
    }

    static BigInteger usd(String amount) {
        return DevnetFixtures.usd(amount);
    }

    // ---- the in-process services --------------------------------------------------------------------------------------

    static Map<String, Object> workerSettings() {
        Map<String, Object> p = new HashMap<>();
        String chain = "stablerail.confirmation.chains.evm-devnet.";
        p.put(chain + "endpoints[0].name", "hardhat");
        p.put(chain + "endpoints[0].url", EVM.rpcUrl().toString());
        p.put(chain + "tokens[0].symbol", "USDT");
        p.put(chain + "tokens[0].contract", USDT.checksummed());
        p.put(chain + "tokens[0].decimals", "6");
        p.put(chain + "tokens[1].symbol", "USDC");
        p.put(chain + "tokens[1].contract", USDC.checksummed());
        p.put(chain + "tokens[1].decimals", "6");
        // only the stuck test leaves a transaction unmined while blocks are made; every other one is mined in the
        // first block after its broadcast
        p.put(chain + "stuck-after-blocks", String.valueOf(STUCK_AFTER_BLOCKS));
        p.put(chain + "stuck-after", "1h");
        String tron = "stablerail.confirmation.chains.tron-devnet.";
        p.put(tron + "endpoints[0].name", "devnet");
        p.put(tron + "endpoints[0].url", TRON.endpoint());
        p.put(tron + "endpoints[0].solidity-url", TRON.endpoint());
        p.put(tron + "tokens[0].symbol", "USDT");
        p.put(tron + "tokens[0].contract", TRON_USDT);
        p.put(tron + "tokens[0].decimals", "6");
        p.put(tron + "stuck-after-blocks", "10000");
        p.put(tron + "stuck-after", "1h");
        p.put("stablerail.confirmation.check-interval", "100ms");
        p.put("stablerail.confirmation.recheck-interval", "100ms");
        p.put("stablerail.confirmation.error-backoff-initial", "100ms");
        p.put("stablerail.confirmation.error-backoff-max", "1s");
        p.put("stablerail.confirmation.rpc-timeout", "5s");
        return p;
    }

    /**
     * withdrawal-service as deployed (its own application.yml), on this class's schema: the broadcaster runs on its
     * schedule; the hot key comes from an "environment variable" this test provides. A new context on the same
     * schema is what a restarted process is.
     */
    static ConfigurableApplicationContext startWithdrawalService() {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", "0");
        p.put("spring.datasource.url", WITHDRAWAL_INFRA.jdbcUrl());
        p.put("spring.datasource.username", WITHDRAWAL_INFRA.user());
        p.put("spring.datasource.password", WITHDRAWAL_INFRA.password());
        p.put("stablerail.database.schema", WITHDRAWAL_INFRA.schema());
        p.put("spring.kafka.bootstrap-servers", WITHDRAWAL_INFRA.bootstrapServers());
        p.put("stablerail.messaging.topic-prefix", TOPIC_PREFIX);
        p.put("stablerail.withdrawal.ledger.base-url", InProcessLedger.baseUrlOf(ledgerService));
        p.put("stablerail.withdrawal.broadcast.interval", "200ms");
        p.put("stablerail.withdrawal.broadcast.resend-backoff-initial", "10ms");
        p.put("stablerail.withdrawal.broadcast.resend-backoff-max", "100ms");
        p.put("stablerail.withdrawal.intake.recovery-interval", "500ms");
        p.put("stablerail.withdrawal.policy.address-cooldown", "0s");
        // a node that never answers (the TRON node-down test) costs the sender this per call
        p.put("stablerail.chains.call-timeout", "2s");
        p.put("stablerail.withdrawal.hot-wallets.evm-devnet", HOT);
        p.put("stablerail.withdrawal.signers.evm-devnet.private-key-env", "E2E_EVM_HOT_KEY");
        p.put("stablerail.chains.endpoints.evm-devnet[0].name", "hardhat");
        p.put("stablerail.chains.endpoints.evm-devnet[0].url", EVM.rpcUrl().toString());
        p.put("stablerail.withdrawal.hot-wallets.tron-devnet", TRON_HOT.base58());
        p.put("stablerail.withdrawal.signers.tron-devnet.private-key-env", "E2E_TRON_HOT_KEY");
        p.put("stablerail.chains.endpoints.tron-devnet[0].name", "devnet");
        p.put("stablerail.chains.endpoints.tron-devnet[0].url", TRON.endpoint());
        p.put("stablerail.chains.endpoints.tron-devnet[0].solidity-url", TRON.endpoint());
        p.put("stablerail.withdrawal.extra-tokens[2].chain", "tron-devnet");
        p.put("stablerail.withdrawal.extra-tokens[2].symbol", "USDT");
        p.put("stablerail.withdrawal.extra-tokens[2].contract", TRON_USDT);
        p.put("stablerail.withdrawal.extra-tokens[2].decimals", "6");
        p.put("stablerail.withdrawal.extra-tokens[2].source", "devnet");
        int i = 0;
        for (DevnetToken token : DevnetToken.values()) {
            String prefix = "stablerail.withdrawal.extra-tokens[" + i++ + "].";
            p.put(prefix + "chain", "evm-devnet");
            p.put(prefix + "symbol", token.symbol());
            p.put(prefix + "contract", EVM.token(token).checksummed());
            p.put(prefix + "decimals", String.valueOf(DevnetToken.DECIMALS));
            p.put(prefix + "source", "devnet");
        }
        // above application.yml, as the environment of a deployment is (builder properties would be defaults below it)
        return new SpringApplicationBuilder(WithdrawalApplication.class, TestWiring.class)
                .initializers(context -> {
                    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("devnet-e2e", p));
                    context.getBeanFactory().registerSingleton("mainCodeOnly", new MainCodeOnly());
                })
                .run();
    }

    /**
     * Component scanning of {@code io.stablerail.withdrawal} would also find the other tests' nested configurations
     * in this classpath's test classes (as {@code @SpringBootTest} excludes them, this does): only main code is scanned.
     */
    static final class MainCodeOnly extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MainCodeOnly;
        }

        @Override
        public int hashCode() {
            return MainCodeOnly.class.hashCode();
        }
    }

    /** What the test adds to withdrawal-service: the hot key's "environment", and a seam in front of the chain. */
    @Configuration(proxyBeanMethods = false)
    static class TestWiring {
        @Bean
        ChainsConfiguration.SignerEnvironment signerEnvironment() {
            Map<String, String> variables = Map.of("E2E_EVM_HOT_KEY", DevnetFixtures.hardhatKeyHex(HOT_ACCOUNT),
                    "E2E_TRON_HOT_KEY", TRON_HOT_KEY_HEX);
            return variables::get;
        }

        @Bean
        static SendSeam sendSeam() {
            return new SendSeam();
        }
    }

    /**
     * The process dies here: thrown by the seam. The service's scheduler logs it and runs the broadcaster again, so
     * once armed the seam keeps failing every later send of that context — a dead process sends nothing.
     */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash: the process dies before the signed transaction is sent");
        }
    }

    /**
     * Wraps the real {@link ChainSenders}: every call goes through, except that once armed the next broadcast — and every
     * later one of this context — throws {@link SimulatedCrash} before any byte reaches the node: the moment after the
     * SIGNED commit and before the send.
     */
    static final class SendSeam implements BeanPostProcessor {
        final AtomicBoolean crashNextSend = new AtomicBoolean();
        final AtomicBoolean dead = new AtomicBoolean();
        final CountDownLatch crashed = new CountDownLatch(1);

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof ChainSenders real)) {
                return bean;
            }
            return new ChainSender() {
                @Override
                public long pendingNonce(String chain, String wallet) {
                    return real.pendingNonce(chain, wallet);
                }

                @Override
                public BigInteger tokenBalance(String chain, String wallet, String tokenContract) {
                    return real.tokenBalance(chain, wallet, tokenContract);
                }

                @Override
                public TronReference tronReference(String chain) {
                    return real.tronReference(chain);
                }

                @Override
                public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap,
                                              TransactionSigner signer) {
                    return real.sign(intent, slot, feeCap, signer);
                }

                @Override
                public void broadcast(String chain, String rawTransaction) {
                    if (dead.get() || crashNextSend.compareAndSet(true, false)) {
                        dead.set(true); // a dead process sends nothing more, whatever its scheduler still runs
                        crashed.countDown();
                        throw new SimulatedCrash();
                    }
                    real.broadcast(chain, rawTransaction);
                }

                @Override
                public boolean isProvablyDead(String chain, AttemptView attempt) {
                    return real.isProvablyDead(chain, attempt);
                }

                @Override
                public SignedTransaction signReplacement(AttemptView replaced, Replacement replacement,
                                                         TransactionSigner signer) {
                    return real.signReplacement(replaced, replacement, signer);
                }

                @Override
                public SignedTransaction signSelfSend(String chain, String wallet, long nonce, BigInteger feeCap,
                                                      TransactionSigner signer) {
                    return real.signSelfSend(chain, wallet, nonce, feeCap, signer);
                }
            };
        }
    }
}
