package io.stablerail.deposit.scanning.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmLog;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.Trc20Transfer;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.deposits.ChainHashes;
import io.stablerail.deposit.deposits.Deposit;
import io.stablerail.deposit.deposits.DepositCredits;
import io.stablerail.deposit.deposits.DepositProperties;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.deposit.scanning.BlockRange;
import io.stablerail.deposit.scanning.BlockRef;
import io.stablerail.deposit.scanning.ChainSource;
import io.stablerail.deposit.scanning.ChainSources;
import io.stablerail.deposit.scanning.ScanLocks;
import io.stablerail.deposit.scanning.ScanStore;
import io.stablerail.deposit.scanning.Scanner;
import io.stablerail.deposit.scanning.ScannerSettings;
import io.stablerail.deposit.support.DelegatingScanStore;
import io.stablerail.deposit.support.Http;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.deposit.support.StallingTcpProxy;
import io.stablerail.deposit.webhooks.WebhookSignatures;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.ledger.EntryPosted;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.TopicNames;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.deposit.support.DevnetTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Duplicate sources, restarts, kills and node outages on the real devnets (Hardhat, reached through a stalling TCP
 * proxy, and the in-JVM TRON gRPC devnet), each scenario on both chains:
 * <ol>
 *   <li>the same transfer from a signed provider webhook, from the scanner, and from a scanner replay after a restart
 *       (the cursor rewound the way the runbook does it) is one deposit, one {@code deposit.detected}, one
 *       {@code deposit.confirmed} and one credit;</li>
 *   <li>a scanner killed inside a range (while reading it from the node, then while committing it) and restarted
 *       skips no block and records nothing twice;</li>
 *   <li>a node that times out for a while (Hardhat black-holed by the proxy; TRON devnet fault injection) is caught
 *       up later: the silence gauge grows during the outage, the lag gauges rise when the node answers again and
 *       fall to zero, every transfer found once.</li>
 * </ol>
 * The context scans nothing by itself (no {@code stablerail.chains.endpoints}): each "process" in a scenario gets its
 * own chain sources from the production {@link ChainSourcesConfiguration} and its own {@link Scanner}, ticked by the
 * test, so a restart is a new set of clients and a new scanner over the same durable cursor.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.deposits.webhooks.providers.alchemy.signing-key=" + DevnetScanFaultsIT.ALCHEMY_KEY,
        "stablerail.deposits.webhooks.providers.tron.signing-key=" + DevnetScanFaultsIT.TRON_KEY,
        "stablerail.deposits.webhooks.replay-interval=1h",
        // Alchemy has no Hardhat network: a placeholder network name mapped to the devnet chain for this test
        "stablerail.deposits.webhooks.alchemy-networks[HARDHAT_DEVNET_PLACEHOLDER]=evm-devnet"})
class DevnetScanFaultsIT {

    static final String ALCHEMY_KEY = "devnet-faults-alchemy-key-0123";
    static final String TRON_KEY = "devnet-faults-tron-key-456789";
    static final Duration OUTAGE_CALL_TIMEOUT = Duration.ofMillis(700);
    static final ScannerSettings CATCH_UP = new ScannerSettings(1, 100, 100, 256);

    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final TronDevnet TRON = TronDevnet.start();
    static final StallingTcpProxy HARDHAT_PROXY = proxy();
    static final LocalKeySigner EVM_SENDER = EVM.account(3);
    static final LocalKeySigner TRON_SENDER = LocalKeySigner.ofPrivateKey("tron-faults-sender",
            new BigInteger("8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63", 16));
    static TronClient tron;

    /** The two devnets, as the chain names the service knows them by. */
    enum Net {
        EVM("evm-devnet"), TRON("tron-devnet");

        final String chain;

        Net(String chain) {
            this.chain = chain;
        }
    }

    /** A transfer as the devnet executed it: the facts a provider webhook and the confirmation verdict carry. */
    record Paid(String txHash, long logIndex, long blockNumber, String blockHash, String contract, String from,
                String to, BigInteger amount, BigInteger fee) {
    }

    private static StallingTcpProxy proxy() {
        try {
            return new StallingTcpProxy(EVM.rpcUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        DevnetTokens.register(registry, EVM, TRON);
    }

    @BeforeAll
    static void fundSenders() {
        EVM.mint(DevnetToken.USDT_LIKE, EVM_SENDER.evmAddress(), BigInteger.valueOf(1_000_000_000_000L));
        TRON.produceBlocks(2);
        TRON.fundTrx(TRON_SENDER.tronAddress(), 50_000_000_000L);
        TRON.mintUsdt(TRON_SENDER.tronAddress(), BigInteger.valueOf(1_000_000_000_000L));
        TRON.produceBlocks(1);
        tron = new TronClient(TRON.endpoint(), TRON.endpoint(),
                new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L));
    }

    @AfterAll
    static void stopChains() {
        tron.close();
        HARDHAT_PROXY.close();
        EVM.close();
        TRON.close();
    }

    @LocalServerPort int port;
    @Autowired AddressBook addresses;
    @Autowired DepositRecorder recorder;
    @Autowired DepositProperties depositProperties;
    @Autowired ScanStore store;
    @Autowired ScanLocks locks;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MeterRegistry meters;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

    private final List<ChainSources> connections = new ArrayList<>();

    @AfterEach
    void disconnect() throws Exception {
        HARDHAT_PROXY.resume();
        TRON.faults().clear();
        for (ChainSources sources : connections) {
            sources.close();
        }
        connections.clear();
    }

    // ---- 1. webhook + scanner + replay after a restart → one deposit, confirmed and credited once ------------------

    @ParameterizedTest
    @EnumSource(Net.class)
    void theSameTransferFromWebhookScannerAndAReplayAfterRestartIsCreditedOnce(Net net) {
        String to = ourAddress(net, "m-dup-" + net, net == Net.EVM ? 81 : 82);
        catchUp(net);
        Paid paid = pay(net, to, BigInteger.valueOf(7_250_000));
        String id = depositId(net, paid);

        HttpResponse<String> hook = postWebhook(net, "evt-" + net + "-1", paid);
        assertThat(hook.statusCode()).isEqualTo(200);
        assertThat(Http.json(hook).path("duplicate").asBoolean()).isFalse();
        assertThat(jdbc.queryForMap("SELECT source, status, amount::text AS amount FROM deposit WHERE deposit_id = "
                + "?::uuid", id)).containsEntry("source", "WEBHOOK").containsEntry("status", "DETECTED")
                .containsEntry("amount", "7250000");

        Scanner.Tick scanned = newScanner(net, CATCH_UP).scanOnce();
        assertThat(cursor(net)).isGreaterThanOrEqualTo(paid.blockNumber());
        assertThat(scanned.blocksScanned()).isPositive();
        assertThat(scanned.depositsRecorded()).as("the scanner saw the webhook's transfer: nothing new").isZero();
        assertThat(jdbc.queryForObject("SELECT block_hash FROM deposit WHERE deposit_id = ?::uuid", String.class, id))
                .isEqualTo(ChainHashes.normalize(net.chain, paid.blockHash()));

        // the process restarts; ops rewind the durable cursor to before the block; the new scanner replays it
        Scanner.Tick replay = replayFrom(net, paid.blockNumber() - 2);
        assertThat(replay.blocksScanned()).as("the transfer's block and the one before").isGreaterThanOrEqualTo(2);
        assertThat(replay.depositsRecorded()).isZero();
        assertOnlyOnce(id, "DETECTED");

        // confirmation-worker's final verdict (built from the devnet's receipt), delivered twice
        String verdict = verdict(net, id, paid);
        send(Topics.TRANSACTIONS, id, verdict);
        send(Topics.TRANSACTIONS, id, verdict);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));

        // the ledger's entry for the deposit.confirmed it consumed, delivered twice
        Deposit deposit = recorder.find(List.of(UUID.fromString(id))).getFirst();
        String entry = EventJson.write(EventEnvelope.of(new EntryPosted("entry-" + id, DepositCredits.ledgerKey(deposit),
                "DEPOSIT", Instant.now(), id, List.of()), Instant.now()));
        send(Topics.LEDGER, id, entry);
        send(Topics.LEDGER, id, entry);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CREDITED".equals(status(id)));

        // after the credit: another restart and replay, and the provider sending the transfer again under a new id
        assertThat(replayFrom(net, paid.blockNumber() - 1).depositsRecorded()).isZero();
        HttpResponse<String> resent = postWebhook(net, "evt-" + net + "-2", paid);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(Http.json(resent).path("duplicate").asBoolean()).as("a new provider event").isFalse();

        assertOnlyOnce(id, "CREDITED");
        assertThat(outbox("deposit.confirmed", id)).isEqualTo(1);
        assertThat(outbox("deposit.orphaned", id)).isZero();
        assertThat(meters.get("deposit.credited").tag("chain", net.chain).counter().count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM outbox_event "
                + "WHERE message_key = ? AND published_at IS NULL", Integer.class, id) == 0);
        assertThat(onTopic(Topics.DEPOSITS, id)).as("what Kafka carries for the deposit")
                .containsExactly("deposit.detected", "deposit.confirmed");
    }

    // ---- 2. killed mid-range, restarted → no skipped block, nothing twice ------------------------------------------

    @ParameterizedTest
    @EnumSource(Net.class)
    void aScannerKilledMidRangeAndRestartedSkipsNoBlockAndRecordsNothingTwice(Net net) {
        String to = ourAddress(net, "m-kill-" + net, net == Net.EVM ? 83 : 84);
        catchUp(net);
        long start = cursor(net);
        List<Paid> paid = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            paid.add(pay(net, to, BigInteger.valueOf(3_000_000L + i)));
        }
        assertThat(paid).extracting(Paid::blockNumber).as("one transfer per block, right after the cursor")
                .containsExactly(start + 1, start + 2, start + 3, start + 4, start + 5, start + 6, start + 7);
        ScannerSettings threeBlockRanges = new ScannerSettings(1, 3, 100, 256);

        // process 1 dies inside its second range, after it read blocks start+4..start+5 from the node
        KilledSource dying = new KilledSource(connect(net, Duration.ofSeconds(5)), 2);
        assertThatThrownBy(() -> scanner(dying, store, threeBlockRanges, new SimpleMeterRegistry()).scanOnce())
                .hasMessageContaining("killed");
        assertThat(dying.readBeforeKill).as("deposits on both sides of the kill point: read, then unread")
                .extracting(BlockRef::number).containsExactly(start + 4, start + 5);
        assertThat(cursor(net)).isEqualTo(start + 3);
        assertThat(found(net, paid)).isEqualTo(3);

        // process 2 dies while committing that range: its deposits were written and roll back with the cursor
        ScanStore diesInCommit = new DelegatingScanStore(store) {
            @Override
            public boolean advance(String chain, Optional<BlockRef> expected, List<BlockRef> blocks, int window) {
                super.advance(chain, expected, blocks, window);
                throw new IllegalStateException("process killed while committing blocks " + blocks.getFirst().number()
                        + ".." + blocks.getLast().number());
            }
        };
        assertThatThrownBy(() -> scanner(connect(net, Duration.ofSeconds(5)), diesInCommit, threeBlockRanges,
                new SimpleMeterRegistry()).scanOnce()).hasMessageContaining("killed while committing blocks " + (start + 4));
        assertThat(cursor(net)).isEqualTo(start + 3);
        assertThat(found(net, paid)).isEqualTo(3);

        // process 3 runs to the head
        newScanner(net, threeBlockRanges).scanOnce();
        assertThat(cursor(net)).isEqualTo(start + 7);
        for (Paid transfer : paid) {
            assertOnlyOnce(depositId(net, transfer), "DETECTED");
        }
        assertThat(jdbc.queryForObject("SELECT sum(amount) FROM deposit WHERE chain = ? AND merchant_id = ?",
                BigDecimal.class, net.chain, "m-kill-" + net).toBigIntegerExact())
                .isEqualTo(BigInteger.valueOf(7 * 3_000_000L + 28));
        assertContinuous(net, start);
    }

    // ---- 3. node timing out for a while → caught up later, nothing missed -------------------------------------------

    @ParameterizedTest
    @EnumSource(Net.class)
    void aNodeTimingOutForAWhileIsCaughtUpLaterWithNothingMissed(Net net) {
        String to = ourAddress(net, "m-outage-" + net, net == Net.EVM ? 85 : 86);
        catchUp(net);
        SimpleMeterRegistry gauges = new SimpleMeterRegistry();
        Scanner scanner = scanner(connect(net, OUTAGE_CALL_TIMEOUT), store, new ScannerSettings(1, 2, 1, 256), gauges);
        scanner.scanOnce();
        long start = cursor(net);
        assertThat(lagBlocks(gauges, net)).isZero();
        List<SignedTronTransaction> prepared = new ArrayList<>();
        if (net == Net.TRON) {
            for (int i = 1; i <= 5; i++) { // signed before the outage: building one asks the (then silent) node
                prepared.add(tron.buildTrc20Transfer(TRON.usdtContract(), TRON_SENDER, TronAddress.parse(to),
                        BigInteger.valueOf(2_000_000L + i)));
            }
        }

        List<String> paidDuringOutage = new ArrayList<>();
        startOutage(net);
        try {
            for (int i = 1; i <= 5; i++) {
                if (net == Net.EVM) {
                    paidDuringOutage.add(pay(net, to, BigInteger.valueOf(2_000_000L + i)).txHash());
                } else {
                    paidDuringOutage.add(tron.broadcast(prepared.get(i - 1)));
                    TRON.produceBlocks(1);
                }
            }
            for (int tick = 0; tick < 2; tick++) {
                assertThatThrownBy(scanner::scanOnce).isInstanceOfSatisfying(ChainException.class,
                        e -> assertThat(e.failureClass()).isEqualTo(FailureClass.RETRY));
            }
            assertThat(cursor(net)).as("nothing moves while the node is silent").isEqualTo(start);
            assertThat(lagBlocks(gauges, net)).as("the lag is measured against a head no node reports now").isZero();
            assertThat(silenceSeconds(gauges, net)).as("two ticks of three 700 ms time-outs each: at least 4.2 s")
                    .isGreaterThanOrEqualTo(4.0);
        } finally {
            endOutage(net);
        }

        List<Double> lagBlocks = new ArrayList<>();
        List<Double> lagSeconds = new ArrayList<>();
        for (int tick = 0; tick < 10 && cursor(net) < head(net); tick++) {
            scanner.scanOnce();
            lagBlocks.add(lagBlocks(gauges, net));
            lagSeconds.add(gauges.get("deposit.lag.seconds").tag("chain", net.chain).gauge().value());
        }
        assertThat(lagBlocks.getFirst()).as("lag once the node answers again: %s", lagBlocks).isGreaterThan(0.0);
        assertThat(lagBlocks).as("falls while catching up").isSortedAccordingTo((a, b) -> Double.compare(b, a))
                .endsWith(0.0);
        assertThat(lagSeconds.getFirst()).isGreaterThan(0.0);
        assertThat(lagSeconds).endsWith(0.0);
        assertThat(cursor(net)).isEqualTo(head(net));
        assertThat(silenceSeconds(gauges, net)).as("the node answers again").isLessThan(1.0);
        for (String txHash : paidDuringOutage) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE chain = ? AND tx_hash = ?",
                    Integer.class, net.chain, ChainHashes.normalize(net.chain, txHash)))
                    .as("transfer %s made during the outage", txHash).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE merchant_id = ?", Integer.class,
                "m-outage-" + net)).isEqualTo(5);
        assertContinuous(net, start);
    }

    // ---- the devnets ---------------------------------------------------------------------------------------------

    private void startOutage(Net net) {
        if (net == Net.EVM) {
            HARDHAT_PROXY.stall();
        } else {
            TRON.faults().timeout("GetNowBlock2").timeout("GetBlockByNum2").timeout("GetTransactionInfoByBlockNum");
        }
    }

    private void endOutage(Net net) {
        if (net == Net.EVM) {
            HARDHAT_PROXY.resume();
        } else {
            TRON.faults().clear();
        }
    }

    private long head(Net net) {
        return net == Net.EVM ? EVM.blockNumber() : TRON.headBlockNumber();
    }

    private String blockHash(Net net, long number) {
        String hash = net == Net.EVM ? EVM.client().block(number).orElseThrow().hash()
                : TRON.blockId(number).orElseThrow();
        return ChainHashes.normalize(net.chain, hash);
    }

    private Paid pay(Net net, String to, BigInteger amount) {
        return net == Net.EVM ? payOnEvm(EvmAddress.parse(to), amount) : payOnTron(TronAddress.parse(to), amount);
    }

    private Paid payOnEvm(EvmAddress to, BigInteger amount) {
        EvmClient client = EVM.client();
        EvmAddress contract = EVM.token(DevnetToken.USDT_LIKE);
        FeeQuote.Eip1559 fees = (FeeQuote.Eip1559) new EvmFeeOracle(client, new EvmFeePolicy(5, 50, 2,
                BigInteger.TEN.pow(9), BigInteger.TEN.pow(12))).quote();
        var transaction = org.web3j.crypto.RawTransaction.createTransaction(HardhatDevnet.CHAIN_ID,
                client.noncePending(EVM_SENDER.evmAddress()), client.estimateErc20Transfer(contract,
                        EVM_SENDER.evmAddress(), to, amount), contract.checksummed(), BigInteger.ZERO,
                EvmClient.erc20TransferData(to, amount), fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        String hash = client.sendRawTransaction(EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID,
                EVM_SENDER)).transactionHash();
        EvmReceipt receipt = EVM.awaitReceipt(hash, Duration.ofSeconds(30));
        EvmLog log = receipt.logs().stream().filter(l -> l.address().equals(contract)
                && l.topics().getFirst().equalsIgnoreCase(Erc20Transfer.TRANSFER_TOPIC)).findFirst().orElseThrow();
        return new Paid(hash, log.logIndex(), receipt.blockNumber(), receipt.blockHash(), contract.checksummed(),
                EVM_SENDER.evmAddress().checksummed(), to.checksummed(), amount,
                receipt.gasUsed().multiply(receipt.effectiveGasPrice()));
    }

    private Paid payOnTron(TronAddress to, BigInteger amount) {
        SignedTronTransaction signed = tron.buildTrc20Transfer(TRON.usdtContract(), TRON_SENDER, to, amount);
        tron.broadcast(signed);
        TRON.produceBlocks(1);
        var info = tron.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow();
        Trc20Transfer transfer = Trc20Transfer.fromTransactionInfo(info).getFirst();
        return new Paid(signed.txid(), transfer.logIndex(), info.getBlockNumber(),
                TRON.blockId(info.getBlockNumber()).orElseThrow(), transfer.contract().base58(),
                transfer.from().base58(), transfer.to().base58(), transfer.amount(), BigInteger.valueOf(info.getFee()));
    }

    // ---- webhooks and verdicts, built from the devnet's facts ------------------------------------------------------

    private HttpResponse<String> postWebhook(Net net, String eventId, Paid paid) {
        String body = net == Net.EVM ? alchemyActivity(eventId, paid) : tronEvent(eventId, paid);
        String key = net == Net.EVM ? ALCHEMY_KEY : TRON_KEY;
        String signature = HexFormat.of().formatHex(WebhookSignatures.hmacSha256(
                key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
        return new Http(port).send("POST", "/webhooks/providers/" + (net == Net.EVM ? "alchemy" : "tron"), body,
                Map.of(net == Net.EVM ? "X-Alchemy-Signature" : "X-Tron-Signature", signature));
    }

    /** Alchemy Notify ADDRESS_ACTIVITY (the shape of Alchemy's documentation) for one token transfer. */
    private static String alchemyActivity(String eventId, Paid paid) {
        return """
                {"webhookId":"wh_devnet","id":"%s","createdAt":"%s","type":"ADDRESS_ACTIVITY",
                 "event":{"network":"HARDHAT_DEVNET_PLACEHOLDER","activity":[
                  {"blockNum":"0x%x","hash":"%s","fromAddress":"%s","toAddress":"%s","value":%s,"asset":"USDT",
                   "category":"token","rawContract":{"rawValue":"0x%x","address":"%s","decimals":6},
                   "log":{"address":"%s","topics":[],"data":"0x","blockNumber":"0x%x","transactionHash":"%s",
                          "transactionIndex":"0x0","blockHash":"%s","logIndex":"0x%x","removed":false}}]}}"""
                .formatted(eventId, Instant.now(), paid.blockNumber(), paid.txHash(), lower(paid.from()),
                        lower(paid.to()), new BigDecimal(paid.amount(), 6).toPlainString(), paid.amount(),
                        lower(paid.contract()), lower(paid.contract()), paid.blockNumber(), paid.txHash(),
                        paid.blockHash(), paid.logIndex());
    }

    /** StableRail's TRON event shape (docs/services/deposit-service.md). */
    private static String tronEvent(String eventId, Paid paid) {
        return """
                {"event_id":"%s","network":"tron-devnet","transfers":[{"transaction_id":"%s","log_index":%d,
                 "block_number":%d,"block_hash":"%s","contract":"%s","from":"%s","to":"%s","amount":"%s"}]}"""
                .formatted(eventId, paid.txHash(), paid.logIndex(), paid.blockNumber(), paid.blockHash(),
                        paid.contract(), paid.from(), paid.to(), paid.amount());
    }

    /** What confirmation-worker (another module) sends once the transfer is final: here from the devnet's facts. */
    private static String verdict(Net net, String depositId, Paid paid) {
        return EventJson.write(EventEnvelope.of(new TransactionFinal(TrackPurpose.DEPOSIT, depositId, net.chain,
                paid.txHash(), paid.blockNumber(), paid.blockHash(), paid.contract(), paid.from(), paid.to(),
                paid.amount().toString(), paid.logIndex(), paid.fee().toString(), net == Net.EVM ? "wei" : "sun"),
                Instant.now()));
    }

    private void send(String topic, String key, String value) {
        try {
            kafka.send(topicNames.of(topic), key, value).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    // ---- scanners: each one a fresh "process" over the durable cursor ----------------------------------------------

    /** Chain sources from the production configuration, with their own clients and endpoint pool. */
    private ChainSource connect(Net net, Duration callTimeout) {
        ChainProperties.EndpointProperties endpoint = net == Net.EVM
                ? new ChainProperties.EndpointProperties("hardhat-via-proxy", HARDHAT_PROXY.url().toString(), null)
                : new ChainProperties.EndpointProperties("devnet", TRON.endpoint(), TRON.endpoint());
        ChainSources sources = new ChainSourcesConfiguration().chainSources(
                new ChainProperties(Map.of(net.chain, List.of(endpoint)), callTimeout),
                new LocalDevnets("", "", "", "", ""), depositProperties, new SimpleMeterRegistry());
        connections.add(sources);
        return sources.sources().getFirst();
    }

    private Scanner scanner(ChainSource source, ScanStore withStore, ScannerSettings settings, MeterRegistry registry) {
        return new Scanner(ChainRegistry.knownChain(source.chain()), source, withStore, locks, recorder, transactions,
                settings, Clock.systemUTC(), registry);
    }

    private Scanner newScanner(Net net, ScannerSettings settings) {
        return scanner(connect(net, Duration.ofSeconds(5)), store, settings, new SimpleMeterRegistry());
    }

    private void catchUp(Net net) {
        Scanner scanner = newScanner(net, CATCH_UP);
        for (int tick = 0; tick < 20 && cursorOrZero(net) < head(net); tick++) {
            scanner.scanOnce();
        }
        assertThat(cursor(net)).isEqualTo(head(net));
    }

    /** The runbook's rewind (docs/services/deposit-service.md), then a new scanner's first tick. */
    private Scanner.Tick replayFrom(Net net, long block) {
        long to = Math.max(1, block);
        jdbc.update("UPDATE scan_cursor SET block_number = ?, block_hash = ?, updated_at = now() WHERE chain = ?", to,
                blockHash(net, to), net.chain);
        jdbc.update("DELETE FROM scanned_block WHERE chain = ? AND block_number > ?", net.chain, to);
        long head = head(net);
        Scanner.Tick tick = newScanner(net, CATCH_UP).scanOnce();
        assertThat(cursor(net)).isEqualTo(head);
        assertThat(tick.blocksScanned()).as("replayed from the rewound cursor").isEqualTo(head - to);
        return tick;
    }

    /** Kills the scanner inside its {@code killOn}-th range: it reads the first half for real, then dies. */
    static final class KilledSource implements ChainSource {
        private final ChainSource delegate;
        private final int killOn;
        private final AtomicInteger calls = new AtomicInteger();
        volatile List<BlockRef> readBeforeKill = List.of();

        KilledSource(ChainSource delegate, int killOn) {
            this.delegate = delegate;
            this.killOn = killOn;
        }

        @Override
        public String chain() {
            return delegate.chain();
        }

        @Override
        public BlockRef head() {
            return delegate.head();
        }

        @Override
        public BlockRef finalizedHead() {
            return delegate.finalizedHead();
        }

        @Override
        public BlockRef block(long number) {
            return delegate.block(number);
        }

        @Override
        public BlockRange blocks(long from, long to) {
            BlockRange range = delegate.blocks(from, calls.incrementAndGet() == killOn ? from + (to - from) / 2 : to);
            if (calls.get() == killOn) {
                readBeforeKill = range.blocks();
                throw new IllegalStateException("scanner killed after reading blocks " + from + ".."
                        + range.blocks().getLast().number() + " of " + from + ".." + to);
            }
            return range;
        }
    }

    // ---- what the service recorded ---------------------------------------------------------------------------------

    private String ourAddress(Net net, String merchant, int account) {
        return new Merchants(addresses).onboard(merchant, account).address(merchant, net.chain).address();
    }

    private static String depositId(Net net, Paid paid) {
        return Deposit.idOf(net.chain, ChainHashes.normalize(net.chain, paid.txHash()), paid.logIndex()).toString();
    }

    private long cursor(Net net) {
        return jdbc.queryForObject("SELECT block_number FROM scan_cursor WHERE chain = ?", Long.class, net.chain);
    }

    private long cursorOrZero(Net net) {
        return jdbc.queryForList("SELECT block_number FROM scan_cursor WHERE chain = ?", Long.class, net.chain)
                .stream().findFirst().orElse(0L);
    }

    private String status(String depositId) {
        return jdbc.queryForObject("SELECT status FROM deposit WHERE deposit_id = ?::uuid", String.class, depositId);
    }

    private int outbox(String type, String depositId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND message_key = ?",
                Integer.class, type, depositId);
    }

    private int found(Net net, List<Paid> paid) {
        return jdbc.queryForObject("SELECT count(*) FROM deposit WHERE chain = ? AND tx_hash = ANY(?)", Integer.class,
                net.chain, paid.stream().map(p -> ChainHashes.normalize(net.chain, p.txHash())).toArray(String[]::new));
    }

    /** One row for the transfer, in this state, announced once and tracked once. */
    private void assertOnlyOnce(String depositId, String expectedStatus) {
        Deposit deposit = recorder.find(List.of(UUID.fromString(depositId))).getFirst();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE chain = ? AND tx_hash = ? AND log_index = ?",
                Integer.class, deposit.chain(), deposit.txHash(), deposit.logIndex())).isEqualTo(1);
        assertThat(status(depositId)).isEqualTo(expectedStatus);
        assertThat(outbox("deposit.detected", depositId)).as("deposit.detected").isEqualTo(1);
        assertThat(outbox("transaction.track-requested", depositId)).as("track request").isEqualTo(1);
    }

    /** Scanned blocks start+1..cursor are all there, once, each the parent of the next, and the cursor is canonical. */
    private void assertContinuous(Net net, long start) {
        long cursor = cursor(net);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT block_number) FROM scanned_block WHERE chain = ? AND "
                + "block_number BETWEEN ? AND ?", Long.class, net.chain, start + 1, cursor)).isEqualTo(cursor - start);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM scanned_block a JOIN scanned_block b ON b.chain = a.chain "
                + "AND b.block_number = a.block_number + 1 WHERE a.chain = ? AND a.block_number >= ? "
                + "AND b.parent_hash <> a.block_hash", Long.class, net.chain, start)).isZero();
        assertThat(jdbc.queryForObject("SELECT block_hash FROM scan_cursor WHERE chain = ?", String.class, net.chain))
                .isEqualTo(blockHash(net, cursor));
    }

    private static double silenceSeconds(MeterRegistry registry, Net net) {
        return registry.get("deposit.scan.silence.seconds").tag("chain", net.chain).gauge().value();
    }

    private static double lagBlocks(MeterRegistry registry, Net net) {
        return registry.get("deposit.lag.blocks").tag("chain", net.chain).gauge().value();
    }

    /** Event types on the (test-prefixed) topic under this key, in order, read to the topic's current end. */
    private List<String> onTopic(String baseTopic, String key) {
        String topic = topicNames.of(baseTopic);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header type = record.headers().lastHeader("stablerail_event_type");
                    if (key.equals(record.key()) && type != null) {
                        types.add(new String(type.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return types;
    }
}
