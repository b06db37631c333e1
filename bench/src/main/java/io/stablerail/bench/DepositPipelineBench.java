package io.stablerail.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.HdKeys;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.chain.tron.TronTransactions;
import io.stablerail.confirmation.ConfirmationApplication;
import io.stablerail.deposit.DepositApplication;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.ledger.LedgerApplication;
import io.stablerail.ledger.books.AccountKind;
import io.stablerail.ledger.books.AccountRef;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.EntryRequest;
import io.stablerail.ledger.books.PostingLine;
import io.stablerail.testsupport.EmbeddedKafkaServer;
import io.stablerail.testsupport.EmbeddedPostgresServer;
import io.stablerail.deposit.scanning.Scanners;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Contract.TriggerSmartContract;

/**
 * Deposits credited per second end to end, and finality → credit latency, through the real pipeline: TRC-20 transfers
 * in blocks of the in-JVM TRON devnet → deposit-service's scanner ({@code deposit.detected}, track request) →
 * confirmation-worker at the solidified block ({@code transaction.final}) → deposit-service ({@code CONFIRMED},
 * {@code deposit.confirmed}) → ledger-service (one entry, {@code entry.posted}) → deposit-service ({@code CREDITED}).
 * The three services run in this JVM on their own schemas of one PostgreSQL started durable, with a KRaft Kafka.
 *
 * <p>In one run: a warm-up; the <b>baseline</b> ({@code Books.post}, one deposit entry per transaction — what the
 * ledger alone does per deposit — in a loop on a schema of the same server); the <b>burst</b> phase (all transfers,
 * {@code --per-block} per block, as fast as the devnet takes them, then solidified): credited/s from the first
 * block's inclusion to the last credit; the <b>paced</b> phase (a block every {@code --paced-interval} at half the
 * burst rate, finality 18 blocks behind as on TRON): finality → credit latency. At the end every deposit must be
 * {@code CREDITED}, the ledger must hold exactly one entry per deposit and each merchant's balance must equal the sum
 * of what was sent to its addresses — otherwise the run fails.
 *
 * <p>Usage: {@code DepositPipelineBench [--deposits N] [--per-block K] [--merchants M] [--addresses A]
 * [--paced-seconds S] [--paced-interval-ms I] [--baseline-seconds B] [--warmup W] [--chain tron] [--tuned]}.
 */
public final class DepositPipelineBench {

    static final String CHAIN = "tron-devnet";
    /** BIP-39's public reference test mnemonic, never a real wallet: the key side's view of the bench merchants. */
    static final String BENCH_ONLY_MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon abandon about";
    /** web3j's documented test private key (never a real wallet): the devnet sender of every transfer. */
    static final LocalKeySigner SENDER = LocalKeySigner.ofPrivateKey("bench-tron-sender",
            new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16));
    static final BigInteger MIN_AMOUNT = BigInteger.valueOf(1_000_000); // 1 USDT, the shipped minimum
    static final int SOLIDIFICATION_LAG = TronDevnet.SOLIDIFICATION_LAG_BLOCKS;

    /**
     * How the services poll. {@link #shipped()} is what the services' application.yml files ship; {@link #tuned()}
     * polls faster and lets the checker take more rows per run (configuration only, no code change).
     */
    public record Tuning(String name, Duration scanInterval, Duration checkInterval, int checkBatchMax,
                         Duration recheckInterval, Duration relayInterval) {
        public static Tuning shipped() {
            // the worker's global batch; tron-devnet's own is 2,000 (LocalDevnets, as application.yml recommends for TRON)
            return new Tuning("shipped", Duration.ofSeconds(2), Duration.ofMillis(250), 100, Duration.ofMillis(500),
                    Duration.ofMillis(200));
        }

        public static Tuning tuned() {
            return new Tuning("tuned", Duration.ofMillis(200), Duration.ofMillis(100), 2_000, Duration.ofMillis(250),
                    Duration.ofMillis(50));
        }
    }

    public record Options(int deposits, int perBlock, int merchants, int addresses, int warmup, Duration pacedPhase,
                          Duration pacedInterval, Duration baseline, int backlog, Tuning tuning, int warmupRoundsMax,
                          boolean sampleSessions, int backlogRounds) {

        public Options {
            if (deposits < 1 || backlog < 0 || perBlock < 1 || perBlock > 2_000 || merchants < 1
                    || addresses < merchants || warmup < 0 || warmupRoundsMax < 0 || backlogRounds < 1
                    || pacedPhase.isNegative() || pacedInterval.toMillis() < 50 || baseline.isNegative()) {
                throw new IllegalArgumentException("deposits ≥ 1, 1 ≤ per-block ≤ 2000 (the devnet's pending pool), "
                        + "addresses ≥ merchants ≥ 1, paced interval ≥ 50 ms, backlog rounds ≥ 1");
            }
        }

        static Options parse(String[] args) {
            int deposits = 2_000;
            int perBlock = 500;
            int merchants = 50;
            int addresses = 1_000;
            int warmup = 500;
            Duration paced = Duration.ofSeconds(20);
            Duration interval = Duration.ofMillis(250);
            Duration baseline = Duration.ofSeconds(10);
            int backlog = 6_000;
            int warmupRoundsMax = 24;
            Tuning tuning = Tuning.shipped();
            boolean sampleSessions = false;
            int backlogRounds = 1;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--deposits" -> deposits = Integer.parseInt(args[++i]);
                    case "--per-block" -> perBlock = Integer.parseInt(args[++i]);
                    case "--merchants" -> merchants = Integer.parseInt(args[++i]);
                    case "--addresses" -> addresses = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--paced-seconds" -> paced = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--paced-interval-ms" -> interval = Duration.ofMillis(Long.parseLong(args[++i]));
                    case "--baseline-seconds" -> baseline = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--backlog" -> backlog = Integer.parseInt(args[++i]);
                    case "--warmup-rounds-max" -> warmupRoundsMax = Integer.parseInt(args[++i]);
                    case "--tuned" -> tuning = Tuning.tuned();
                    case "--sample-sessions" -> sampleSessions = true;
                    case "--backlog-rounds" -> backlogRounds = Integer.parseInt(args[++i]);
                    case "--chain" -> {
                        if (!"tron".equals(value)) {
                            throw new IllegalArgumentException("only --chain tron is built: the in-JVM TRON devnet "
                                    + "takes 2,000 transfers per block on demand (see docs/performance.md)");
                        }
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(deposits, perBlock, merchants, addresses, warmup, paced, interval, baseline, backlog,
                    tuning, warmupRoundsMax, sampleSessions, backlogRounds);
        }
    }

    /** Milliseconds. */
    public record Latency(long samples, double p50, double p95, double p99, double max) {
        static Latency of(long[] nanos) {
            if (nanos.length == 0) {
                return new Latency(0, 0, 0, 0, 0);
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latency(sorted.length, ms(pct(sorted, 0.50)), ms(pct(sorted, 0.95)), ms(pct(sorted, 0.99)),
                    ms(sorted[sorted.length - 1]));
        }

        private static long pct(long[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }

        private static double ms(long nanos) {
            return nanos / 1_000_000d;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms (%d)", p50, p95,
                    p99, max, samples);
        }
    }

    /**
     * One phase: deposits and blocks, credited/s from the first block's inclusion to the last credit, finality →
     * credit latency, and where that latency went: finality → the worker's FINAL decision → deposit CONFIRMED →
     * CREDITED (means, ms).
     */
    public record Phase(int deposits, int blocks, double seconds, double creditedPerSecond, double chainSeconds,
                        Latency finalityToCredit, double meanToWorkerFinal, double meanToConfirmed,
                        double meanToCredited, String stages, List<String> databaseSamples, JitActivity.Span jit,
                        List<String> cpu) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    %,d deposits in %d blocks, last credit %.2f s after the first block: %,.1f credited/s
                      (%s)
                      finality → credit        %s
                      finality → worker FINAL %.0f ms → CONFIRMED %.0f ms → CREDITED %.0f ms (means)
                      %s during the phase
                      stages, s after the first block / the start (median / last deposit): %s
                      pg_stat_activity (non-idle client sessions, share of samples):
                        %s
                      CPU, counted from the phase's start to when the bench saw the last credit (tens of ms late):
                        %s""", deposits, blocks, seconds, creditedPerSecond, chainSeconds > 0
                    ? String.format(Locale.ROOT, "the chain's part: the last block final %.2f s after the first block "
                            + "was made", chainSeconds)
                    : "a backlog: every block was final before the scanner started; timed from its start",
                    finalityToCredit,
                    meanToWorkerFinal,
                    meanToConfirmed, meanToCredited, jit, stages, String.join("\n        ", databaseSamples),
                    String.join("\n        ", cpu));
        }
    }

    /** What the end-of-run check found (it throws before returning if anything is wrong). */
    public record Verification(int transfersSent, int depositsRecorded, int depositsCredited, int ledgerDepositEntries,
                               int distinctLedgerReferences, int merchantsWithExactBalance, int merchants) {
    }

    /**
     * The warm-up after the first burst: backlog rounds (not measured) until one finds the JIT compilers settled
     * ({@link JitActivity}) or {@code --warmup-rounds-max} are done.
     */
    public record Warmup(int rounds, JitActivity.Span lastRound) {
        public boolean settled() {
            return lastRound != null && lastRound.settled();
        }

        @Override
        public String toString() {
            return rounds == 0 ? "no backlog rounds" : rounds + " backlog rounds, the last: " + lastRound
                    + (settled() ? "" : " (NOT settled: the figures include JIT warm-up)");
        }
    }

    public record Result(Tuning tuning, double baselineEntriesPerSecond, Phase burst, List<Phase> backlogRounds,
                         double pacedRate, Phase paced, Verification verification, String loadAverage, Warmup warmup) {

        /** The first measured backlog round (null without a backlog phase). */
        public Phase backlog() {
            return backlogRounds.isEmpty() ? null : backlogRounds.getFirst();
        }

        public double ratio() {
            return burst.creditedPerSecond() / baselineEntriesPerSecond;
        }

        public double backlogRatio() {
            return backlogRounds.isEmpty() ? Double.NaN : backlog().creditedPerSecond() / baselineEntriesPerSecond;
        }

        /** All measured backlog rounds together: their deposits ÷ their summed windows (NaN without a backlog). */
        public double sustainedPerSecond() {
            return backlogRounds.isEmpty() ? Double.NaN
                    : backlogRounds.stream().mapToInt(Phase::deposits).sum()
                            / backlogRounds.stream().mapToDouble(Phase::seconds).sum();
        }

        private String rounds() {
            return backlogRounds.size() + " × " + (backlogRounds.isEmpty() ? 0 : String.format(Locale.ROOT, "%,d",
                    backlog().deposits())) + ": " + String.join(", ", backlogRounds.stream()
                    .map(p -> String.format(Locale.ROOT, "%,.1f", p.creditedPerSecond())).toList())
                    + String.format(Locale.ROOT, " /s; together %,.1f credited/s", sustainedPerSecond());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    tuning %s, load average at start %s
                    warm-up: %s
                    baseline Books.post (1 deposit entry / tx)  %,10.1f entries/s
                    burst:  %s
                    burst credited/s ÷ baseline                %10.3f
                    backlog: %s
                    backlog credited/s ÷ baseline              %10.3f
                    measured backlog rounds: %s
                    paced at %,.1f transfers/s: %s
                    verified: %s""", tuning, loadAverage, warmup, baselineEntriesPerSecond, burst, ratio(), backlog(),
                    backlogRatio(), rounds(), pacedRate, paced, verification);
        }
    }

    /** One transfer the bench made: to which merchant, how much. */
    record Sent(String txid, String merchant, BigInteger amount) {
    }

    private final Options options;
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    private final Map<Long, Instant> finalAt = new ConcurrentHashMap<>();
    private final AtomicLong amountSequence = new AtomicLong();
    private TronDevnet devnet;
    private JdbcTemplate admin;
    private io.micrometer.core.instrument.MeterRegistry depositMeters;
    private EmbeddedPostgresServer database;
    private List<String> addresses;
    private List<String> addressMerchant;
    private Transaction template;

    private DepositPipelineBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        System.out.println(result);
        System.exit(0); // the embedded servers' non-daemon threads
    }

    public static Result run(Options options) throws Exception {
        return new DepositPipelineBench(options).measure();
    }

    private Result measure() throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Options.durableThrowAway());
             EmbeddedKafkaServer kafka = EmbeddedKafkaServer.startForTests();
             TronDevnet tron = TronDevnet.start()) {
            devnet = tron;
            database = postgres;
            admin = new JdbcTemplate(oneConnection(postgres, "bench-admin"));
            DurableLedger.requireDurable(admin);
            fundSender();
            long firstScanned = devnet.headBlockNumber() + 1;
            try (ConfigurableApplicationContext ledger = InProcessServices.start(LedgerApplication.class,
                         ledgerProperties(postgres, kafka));
                 ConfigurableApplicationContext confirmations = InProcessServices.start(ConfirmationApplication.class,
                         confirmationProperties(postgres, kafka));
                 ConfigurableApplicationContext deposits = InProcessServices.start(DepositApplication.class,
                         depositProperties(postgres, kafka, firstScanned))) {
                depositMeters = deposits.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                onboard(deposits.getBean(AddressBook.class));
                buildTemplate();

                // the baseline before the warm-up: run after it, its own loop (another caller of the ledger's code and
                // of the JDBC driver) sent the JIT recompiling shared code through the measured phases that followed
                double baseline = baseline(postgres);
                if (options.warmup() > 0) {
                    burst(options.warmup(), false);
                }
                Warmup warmup = warmUp(deposits.getBean(Scanners.class));
                Phase burst = burst(options.deposits(), true);
                List<Phase> rounds = new ArrayList<>();
                for (int round = 0; options.backlog() > 0 && round < options.backlogRounds(); round++) {
                    // the first round also prints its statements and rows written; each round its CPU account
                    Phase phase = backlog(options.backlog(), deposits.getBean(Scanners.class), round == 0);
                    System.out.printf(Locale.ROOT, "measured backlog round %d: %s%n", round + 1, phase);
                    rounds.add(phase);
                }
                double pacedRate = burst.creditedPerSecond() / 2;
                Phase paced = options.pacedPhase().isZero() ? null : paced(pacedRate);
                Verification verification = verify();
                return new Result(options.tuning(), baseline, burst, List.copyOf(rounds), pacedRate, paced,
                        verification, load, warmup);
            }
        }
    }

    // ---- setup --------------------------------------------------------------------------------------------------

    private void fundSender() {
        devnet.produceBlocks(2);
        devnet.fundTrx(SENDER.tronAddress(), 1_000_000_000_000_000L);
        devnet.mintUsdt(SENDER.tronAddress(), BigInteger.TEN.pow(18));
        devnet.produceBlocks(1);
    }

    /** M merchants with their account xpubs, A TRON deposit addresses spread over them, through AddressBook. */
    private void onboard(AddressBook book) {
        byte[] seed = HdKeys.seed(BENCH_ONLY_MNEMONIC, "");
        for (int m = 0; m < options.merchants(); m++) {
            book.registerXpubs(merchant(m), HdKeys.accountPublicKey(seed, CoinType.TRON, 1_000 + m).serialize(),
                    HdKeys.accountPublicKey(seed, CoinType.ETHEREUM, 1_000 + m).serialize());
        }
        addresses = new ArrayList<>(options.addresses());
        addressMerchant = new ArrayList<>(options.addresses());
        for (int a = 0; a < options.addresses(); a++) {
            String merchant = merchant(a % options.merchants());
            addresses.add(book.create(merchant, CHAIN, null).address());
            addressMerchant.add(merchant);
        }
    }

    private static String merchant(int m) {
        return "bench-merchant-" + m;
    }

    /**
     * One {@code transfer} built and signed through the node (energy estimate, fee limit, reference block), used as
     * the template of every transfer: each gets its own call data (recipient, amount), a 20-hour expiration (the
     * devnet's clock moves 3 s per block) and its own signature, offline, so the measured phases only broadcast.
     */
    private void buildTemplate() {
        try (TronClient client = new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(10), 130, 1_000_000_000L))) {
            SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), SENDER,
                    TronAddress.parse(addresses.getFirst()), MIN_AMOUNT);
            template = signed.transaction().toBuilder().clearSignature().build();
        }
    }

    /** The {@code n}-th transfer: to address n mod A, 1 USDT + a unique number of base units (unique txids). */
    private SignedTronTransaction transfer(long n) {
        int a = (int) (n % addresses.size());
        BigInteger amount = MIN_AMOUNT.add(BigInteger.valueOf(amountSequence.incrementAndGet()));
        byte[] to = TronAddress.parse(addresses.get(a)).bytes();
        String data = "a9059cbb" + word(HexFormat.of().formatHex(to, 1, 21)) + word(amount.toString(16));
        try {
            Transaction.raw raw = template.getRawData();
            Transaction.Contract contract = raw.getContract(0);
            TriggerSmartContract trigger = contract.getParameter().unpack(TriggerSmartContract.class).toBuilder()
                    .setData(ByteString.copyFrom(HexFormat.of().parseHex(data))).build();
            Transaction.raw changed = raw.toBuilder()
                    .setContract(0, contract.toBuilder().setParameter(Any.pack(trigger)))
                    .setExpiration(raw.getExpiration() + Duration.ofHours(20).toMillis())
                    .setTimestamp(raw.getTimestamp() + n)
                    .build();
            SignedTronTransaction signed = TronTransactions.sign(template.toBuilder().setRawData(changed).build(),
                    SENDER);
            sent.put(signed.txid(), new Sent(signed.txid(), addressMerchant.get(a), amount));
            return signed;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String word(String hex) {
        return "0".repeat(64 - hex.length()) + hex;
    }

    // ---- phases -------------------------------------------------------------------------------------------------

    /**
     * {@code count} transfers, {@code per-block} per block, blocks produced as fast as the devnet takes them, then
     * the 18 blocks that solidify them; waits until all are credited.
     */
    private Phase burst(int count, boolean measured) throws InterruptedException {
        List<List<SignedTronTransaction>> blocks = signedBlocks(count);
        long first = devnet.headBlockNumber() + 1;
        long seqFloor = seqFloor();
        double creditedBefore = creditedCount();
        Instant start = null;
        JitActivity jit = JitActivity.start();
        CpuAccount cpu = CpuAccount.start();
        try (TronClient client = client(); DatabaseSampler sampler = DatabaseSampler.start(database,
                measured && options.sampleSessions())) {
            for (List<SignedTronTransaction> block : blocks) {
                block.forEach(client::broadcast);
                produce(1);
                if (start == null) {
                    start = Instant.now();
                }
            }
            long last = devnet.headBlockNumber();
            produce(SOLIDIFICATION_LAG);
            awaitCredited(first, last, count, seqFloor, creditedBefore);
            return phase(first, last, count, blocks.size(), start, sampler.top(8), jit, cpu);
        }
    }

    /**
     * Backlog rounds of {@code --backlog} transfers (the burst's size when there is no backlog phase), not measured,
     * until a round finds the JIT compilers settled or {@code --warmup-rounds-max} rounds are done. The first burst
     * alone (a few seconds of traffic) leaves the compilers busy through the measured phases: a method that runs once
     * per deposit or per batch needs thousands of runs to reach C2, and on two cores the compiler threads take CPU
     * from the pipeline being measured. The consumers' batch methods ({@code Tracker.trackAll},
     * {@code ConfirmationOutcomeConsumer.applyAll}, {@code DepositCredits.entriesPosted}) run once per poll and reach
     * C2 only through their loops' back-edge counts: in a JFR recording of compilations (2026-12-05) that took about
     * 60,000 deposits, ten rounds of 6,000 — hence up to 24 rounds by default (the loop stops at the first settled
     * one; 8 rounds, the earlier cap, left them compiling inside the measured backlog).
     */
    private Warmup warmUp(Scanners scanners) throws InterruptedException {
        int size = options.backlog() > 0 ? options.backlog() : options.deposits();
        JitActivity.Span last = null;
        int rounds = 0;
        while (rounds < options.warmupRoundsMax() && (last == null || !last.settled())) {
            JitActivity round = JitActivity.start();
            Phase phase = backlog(size, scanners, false);
            last = round.stop();
            rounds++;
            System.out.printf(Locale.ROOT, "warm-up round %d: %,.1f credited/s, %s%n", rounds,
                    phase.creditedPerSecond(), last);
        }
        return new Warmup(rounds, last);
    }

    /** {@code count} new transfers, signed, in blocks of {@code per-block}. */
    private List<List<SignedTronTransaction>> signedBlocks(int count) {
        List<List<SignedTronTransaction>> blocks = new ArrayList<>();
        for (int i = 0; i < count; i += options.perBlock()) {
            List<SignedTronTransaction> block = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + options.perBlock()); j++) {
                block.add(transfer(sent.size()));
            }
            blocks.add(block);
        }
        return blocks;
    }

    /**
     * The services' own rate, without waiting on the chain: {@code count} transfers in blocks of {@code per-block}
     * made and solidified while deposit-service's scanners are stopped, then the scanners started; credited/s from
     * that start to the last credit. Every deposit still goes the whole way (scan, detect, track, check at the
     * solidified block, confirm, book, credit). In the burst the devnet, on the same two cores as the services,
     * makes blocks slower than the services drain them, which hides their rate. The {@code measured} backlog also
     * prints the rows each table had written ({@link TableWrites}; its waits lie outside the measured span).
     */
    private Phase backlog(int count, Scanners scanners, boolean measured) throws InterruptedException {
        List<List<SignedTronTransaction>> blocks = signedBlocks(count);
        long first = devnet.headBlockNumber() + 1;
        long seqFloor = seqFloor();
        double creditedBefore = creditedCount();
        scanners.stop();
        try (TronClient client = client()) {
            for (List<SignedTronTransaction> block : blocks) {
                block.forEach(client::broadcast);
                produce(1);
            }
            long last = devnet.headBlockNumber();
            produce(SOLIDIFICATION_LAG);
            TableWrites writes = measured ? TableWrites.start(admin) : null;
            try (DatabaseSampler sampler = DatabaseSampler.start(database, options.sampleSessions())) {
                Instant start = Instant.now();
                JitActivity jit = JitActivity.start();
                boolean statements = resetStatementStats();
                CpuAccount cpu = CpuAccount.start();
                scanners.start();
                // a started scanner's first tick comes one interval later; a service that starts behind would wait
                // the same, but this phase measures the services' rate, so the scan begins now (one tick, taking
                // the scanner's own lock as the scheduled ticks do)
                Thread.ofVirtual().name("bench-scan-now").start(
                        () -> scanners.scanners().forEach(io.stablerail.deposit.scanning.Scanner::scanOnce));
                awaitCredited(first, last, count, seqFloor, creditedBefore);
                Phase phase = phase(first, last, count, blocks.size(), start, sampler.top(8), jit, cpu);
                if (statements) {
                    printStatementStats(count);
                }
                if (writes != null) {
                    writes.print(count);
                }
                return phase;
            }
        } finally {
            if (!scanners.isRunning()) {
                scanners.start();
            }
        }
    }

    /**
     * When the server preloads {@code pg_stat_statements} (diagnostics: {@code -Dstablerail.postgres.preload=
     * pg_stat_statements}), empties its figures and returns true; otherwise false and nothing is done.
     */
    private boolean resetStatementStats() {
        String preload = admin.queryForObject("SHOW shared_preload_libraries", String.class);
        if (preload == null || !preload.contains("pg_stat_statements")) {
            return false;
        }
        admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        admin.execute("SELECT pg_stat_statements_reset()");
        return true;
    }

    /** The statements that took the most time since {@link #resetStatementStats()}, per deposit of the phase. */
    private void printStatementStats(int deposits) {
        System.out.println("pg_stat_statements since the phase's start (execution time per deposit, calls, rows, "
                + "WAL bytes per deposit):");
        admin.query("""
                SELECT total_exec_time, calls, rows, wal_bytes,
                       regexp_replace(left(query, 110), '\\s+', ' ', 'g') AS statement
                  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25""", rs -> {
                    System.out.printf(Locale.ROOT, "  %8.1f µs %7d calls %8d rows %8.0f B  %s%n",
                            rs.getDouble(1) * 1000 / deposits, rs.getLong(2), rs.getLong(3),
                            rs.getDouble(4) / deposits, rs.getString(5));
                });
        Map<String, Object> all = admin.queryForMap("SELECT sum(total_exec_time) AS t, sum(calls) AS c, "
                + "sum(wal_bytes) AS w FROM pg_stat_statements");
        System.out.printf(Locale.ROOT, "  all statements: %.1f µs, %.1f calls and %.0f WAL bytes per deposit%n",
                ((Number) all.get("t")).doubleValue() * 1000 / deposits,
                ((Number) all.get("c")).doubleValue() / deposits, ((Number) all.get("w")).doubleValue() / deposits);
    }

    /**
     * A block every {@code paced-interval} carrying {@code rate × interval} transfers for {@code paced-seconds}, the
     * chain going on at the same pace until they are all solidified; waits until all are credited.
     */
    private Phase paced(double rate) throws InterruptedException {
        long intervalNanos = options.pacedInterval().toNanos();
        int perBlock = (int) Math.max(1, Math.round(rate * options.pacedInterval().toMillis() / 1000.0));
        int blockCount = (int) Math.max(1, options.pacedPhase().toNanos() / intervalNanos);
        List<List<SignedTronTransaction>> blocks = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            List<SignedTronTransaction> block = new ArrayList<>();
            for (int j = 0; j < perBlock; j++) {
                block.add(transfer(sent.size()));
            }
            blocks.add(block);
        }
        long first = devnet.headBlockNumber() + 1;
        long last = first + blockCount - 1;
        long seqFloor = seqFloor();
        double creditedBefore = creditedCount();
        Instant start = null;
        JitActivity jit = JitActivity.start();
        CpuAccount cpu = CpuAccount.start();
        try (TronClient client = client();
             DatabaseSampler sampler = DatabaseSampler.start(database, options.sampleSessions())) {
            long t0 = System.nanoTime();
            for (int b = 0; devnet.solidifiedBlockNumber() < last; b++) {
                long wait = t0 + b * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                if (b < blocks.size()) {
                    blocks.get(b).forEach(client::broadcast);
                }
                produce(1);
                if (start == null) {
                    start = Instant.now();
                }
            }
            awaitCredited(first, last, blockCount * perBlock, seqFloor, creditedBefore);
            return phase(first, last, blockCount * perBlock, blockCount, start, sampler.top(8), jit, cpu);
        }
    }

    /** Produces blocks and records when each block became solidified (its finality instant). */
    private void produce(int count) {
        devnet.produceBlocks(count);
        Instant now = Instant.now();
        long solid = devnet.solidifiedBlockNumber();
        for (long b = solid; b > 0 && !finalAt.containsKey(b); b--) {
            finalAt.put(b, now);
        }
    }

    private TronClient client() {
        return new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(10), 130, 1_000_000_000L));
    }

    /**
     * Waits until the {@code expected} deposits of blocks {@code first..last} are all CREDITED. First on
     * deposit-service's own {@code deposit.credited} counter (in this JVM: no query), then confirmed in the database
     * (which is also asked every 10 s whatever the counter says). Polling the database every 250 ms instead cost ~36 ms
     * of a PostgreSQL core per poll late in a run (the phase's rows are reached through index entries of every row
     * version), CPU taken from the services measured; every 2 s, still 0.28 core-s of a 12 s backlog (run L2).
     * Only deposits recorded after this phase began are counted ({@code seq} above the highest one before it):
     * earlier phases are all credited before the next begins.
     */
    private void awaitCredited(long first, long last, int expected, long seqFloor, double creditedBefore)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120 + expected / 5L).toNanos();
        long nextQuery = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            // the database is asked once the counter says all are credited, and every 10 s whatever it says
            if (creditedCount() >= creditedBefore + expected || System.nanoTime() > nextQuery) {
                Map<String, Integer> statuses = statuses(first, last, seqFloor);
                if (statuses.getOrDefault("CREDITED", 0) == expected && statuses.size() == 1) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("deposits of blocks " + first + ".." + last + " not all credited "
                            + "in time: expected " + expected + " CREDITED, found " + statuses);
                }
                nextQuery = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(20); // the figures come from credited_at, not from when this loop notices
        }
    }

    /** deposit-service's {@code deposit.credited} counters, all chains. */
    private double creditedCount() {
        return depositMeters.find("deposit.credited").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private Map<String, Integer> statuses(long first, long last, long seqFloor) {
        Map<String, Integer> statuses = new TreeMap<>();
        // the floor as a literal (a long): each poll is planned with it, so always as a range scan of the seq index
        admin.query("SELECT status, count(*) FROM deposit.deposit WHERE seq > " + seqFloor + " AND chain = ? AND "
                + "block_number BETWEEN ? AND ? GROUP BY status", rs -> {
                    statuses.put(rs.getString(1), rs.getInt(2));
                }, CHAIN, first, last);
        return statuses;
    }

    /** The highest deposit {@code seq} recorded so far (0 when none): the floor of a phase's polls. */
    private long seqFloor() {
        Long max = admin.queryForObject("SELECT coalesce(max(seq), 0) FROM deposit.deposit", Long.class);
        return max == null ? 0 : max;
    }

    private Phase phase(long first, long last, int count, int blockCount, Instant start, List<String> samples,
                        JitActivity jit, CpuAccount cpu) {
        JitActivity.Span compiled = jit.stop();
        Map<Long, String> backends = new HashMap<>();
        admin.query("SELECT pid, coalesce(nullif(application_name, ''), backend_type) FROM pg_stat_activity",
                rs -> {
                    backends.put(rs.getLong(1), rs.getString(2));
                });
        List<String> cpuLines = cpu.stop(pid -> backends.getOrDefault(pid, "postmaster or an ended process"), count)
                .lines(12);
        List<long[]> rows = admin.query("""
                SELECT d.block_number, d.confirmed_at, d.credited_at, t.resolved_at
                FROM deposit.deposit d
                JOIN confirmation.tracked_transaction t ON t.purpose = 'DEPOSIT' AND t.reference = d.deposit_id::text
                WHERE d.chain = ? AND d.block_number BETWEEN ? AND ?""", (rs, i) -> {
                    long finality = micros(finalAt.get(rs.getLong(1)));
                    return new long[] {finality, micros(rs.getTimestamp(4)), micros(rs.getTimestamp(2)),
                            micros(rs.getTimestamp(3))};
                }, CHAIN, first, last);
        if (rows.size() != count) {
            throw new IllegalStateException("expected " + count + " tracked deposits, joined " + rows.size());
        }
        long[] latency = new long[rows.size()];
        double toWorker = 0;
        double toConfirmed = 0;
        double toCredited = 0;
        long lastCredit = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            latency[i] = (r[3] - r[0]) * 1_000;
            toWorker += (r[1] - r[0]) / 1_000.0;
            toConfirmed += (r[2] - r[1]) / 1_000.0;
            toCredited += (r[3] - r[2]) / 1_000.0;
            lastCredit = Math.max(lastCredit, r[3]);
        }
        double seconds = (lastCredit - micros(start)) / 1_000_000.0;
        double chainSeconds = (micros(finalAt.get(last)) - micros(start)) / 1_000_000.0;
        // when each stage was reached, relative to the start: the stage whose last deposit comes late is the queue.
        // Hash joins only, in the bench's own session: with statistics taken before a warm-up round filled the tables,
        // the planner chose nested loops over thousands of rows and this report took minutes of a core.
        admin.execute("SET enable_nestloop = off");
        String stages = admin.queryForObject("""
                SELECT string_agg(format('%s %s / %s', stage, round(p50::numeric, 2), round(last::numeric, 2)), ', '
                                  ORDER BY ord)
                  FROM (SELECT ord, stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS p50, max(secs) AS last
                          FROM (SELECT d.deposit_id, d.detected_at, i.received_at, t.resolved_at,
                                       d.confirmed_at, e.recorded_at, d.credited_at
                                  FROM deposit.deposit d
                                  JOIN confirmation.tracked_transaction t
                                    ON t.purpose = 'DEPOSIT' AND t.reference = d.deposit_id::text
                                  JOIN ledger.journal_entry e
                                    ON e.entry_type = 'DEPOSIT' AND e.reference = d.deposit_id::text
                                  LEFT JOIN confirmation.inbox_event i
                                    ON i.consumer = 'confirmation.track-requests' AND i.event_id = t.request_event_id
                                 WHERE d.chain = ? AND d.block_number BETWEEN ? AND ?) x
                          CROSS JOIN LATERAL (VALUES
                              (1, 'detected', extract(epoch FROM x.detected_at - ?::timestamptz)),
                              (3, 'tracked', extract(epoch FROM x.received_at - ?::timestamptz)),
                              (4, 'FINAL', extract(epoch FROM x.resolved_at - ?::timestamptz)),
                              (5, 'CONFIRMED', extract(epoch FROM x.confirmed_at - ?::timestamptz)),
                              (6, 'booked', extract(epoch FROM x.recorded_at - ?::timestamptz)),
                              (7, 'CREDITED', extract(epoch FROM x.credited_at - ?::timestamptz))) AS v(ord, stage, secs)
                         GROUP BY ord, stage) s""", String.class, CHAIN, first, last,
                java.sql.Timestamp.from(start), java.sql.Timestamp.from(start),
                java.sql.Timestamp.from(start), java.sql.Timestamp.from(start), java.sql.Timestamp.from(start),
                java.sql.Timestamp.from(start));
        admin.execute("RESET enable_nestloop");
        return new Phase(count, blockCount, seconds, count / seconds, chainSeconds, Latency.of(latency),
                toWorker / rows.size(),
                toConfirmed / rows.size(), toCredited / rows.size(), stages, samples, compiled, cpuLines);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static long micros(Timestamp timestamp) {
        return micros(timestamp.toInstant());
    }

    // ---- the baseline -------------------------------------------------------------------------------------------

    /** {@code Books.post} of one deposit entry (2 postings) per transaction, in a loop, on its own schema. */
    private double baseline(EmbeddedPostgresServer postgres) {
        try (DurableLedger ledger = new DurableLedger(postgres, "bench_baseline")) {
            AccountRef wallet = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, Currency.USDT, "tron",
                    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TBenchDeposit");
            Supplier<EntryRequest> next = new Supplier<>() {
                long n;

                @Override
                public EntryRequest get() {
                    n++;
                    BigInteger amount = BigInteger.valueOf(1_000_000 + n);
                    return new EntryRequest("baseline-" + n, "DEPOSIT", Instant.now(), null, null, List.of(
                            PostingLine.debit(wallet, amount), PostingLine.credit(AccountRef.merchantAvailable(
                                    merchant((int) (n % options.merchants())), Currency.USDT), amount)));
                }
            };
            for (int i = 0; i < 200; i++) {
                ledger.books.post(next.get()); // accounts created, warm
            }
            long end = System.nanoTime() + options.baseline().toNanos();
            long start = System.nanoTime();
            long posted = 0;
            while (System.nanoTime() < end || posted == 0) {
                ledger.books.post(next.get());
                posted++;
            }
            return posted / ((System.nanoTime() - start) / 1e9);
        }
    }

    // ---- verification -------------------------------------------------------------------------------------------

    /** Every transfer sent is one CREDITED deposit, one ledger entry, and the merchants' balances are the sums. */
    private Verification verify() {
        Map<String, String> statusByTx = new HashMap<>();
        admin.query("SELECT tx_hash, status FROM deposit.deposit WHERE chain = ?",
                rs -> {
                    if (statusByTx.put(rs.getString(1), rs.getString(2)) != null) {
                        throw new IllegalStateException("two deposits for tx " + rs.getString(1));
                    }
                }, CHAIN);
        if (!statusByTx.keySet().equals(sent.keySet())) {
            throw new IllegalStateException("deposits recorded (" + statusByTx.size() + ") are not the transfers sent ("
                    + sent.size() + ")");
        }
        long credited = statusByTx.values().stream().filter("CREDITED"::equals).count();
        if (credited != sent.size()) {
            throw new IllegalStateException("credited " + credited + " of " + sent.size() + ": " + statusByTx.values()
                    .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        }
        Map<String, Object> entries = admin.queryForMap("SELECT count(*) AS entries, count(DISTINCT reference) AS refs "
                + "FROM ledger.journal_entry WHERE entry_type = 'DEPOSIT'");
        int entryCount = ((Number) entries.get("entries")).intValue();
        int references = ((Number) entries.get("refs")).intValue();
        if (entryCount != sent.size() || references != sent.size()) {
            throw new IllegalStateException("ledger has " + entryCount + " DEPOSIT entries (" + references
                    + " references) for " + sent.size() + " deposits");
        }
        Integer unmatched = admin.queryForObject("SELECT count(*) FROM ledger.journal_entry e WHERE e.entry_type = "
                + "'DEPOSIT' AND NOT EXISTS (SELECT 1 FROM deposit.deposit d WHERE d.deposit_id::text = e.reference)",
                Integer.class);
        if (unmatched == null || unmatched != 0) {
            throw new IllegalStateException(unmatched + " ledger entries reference no deposit");
        }
        Map<String, BigInteger> expected = new TreeMap<>();
        sent.values().forEach(s -> expected.merge(s.merchant(), s.amount(), BigInteger::add));
        Map<String, BigInteger> booked = new TreeMap<>();
        admin.query("SELECT a.owner_id, b.balance FROM ledger.account a JOIN ledger.account_balance b "
                + "ON b.account_id = a.id WHERE a.kind = 'MERCHANT_AVAILABLE' AND a.currency = 'USDT'", rs -> {
                    booked.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact());
                });
        if (!booked.equals(expected)) {
            throw new IllegalStateException("merchant balances differ from the sums sent: expected " + expected
                    + ", booked " + booked);
        }
        return new Verification(sent.size(), statusByTx.size(), (int) credited, entryCount, references,
                booked.size(), options.merchants());
    }

    // ---- where the time goes ------------------------------------------------------------------------------------

    /**
     * Samples {@code pg_stat_activity} every 20 ms on its own thread: state, wait event and statement of sessions.
     * Off unless {@code --sample-sessions}: the sampling itself took ~4 % of the two cores during a backlog (its
     * backend and this thread, counted by {@link CpuAccount}), CPU the services being measured did not get.
     */
    static final class DatabaseSampler implements AutoCloseable {
        private final JdbcTemplate jdbc;
        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final AtomicLong samples = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private DatabaseSampler(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.thread = jdbc == null ? null
                    : Thread.ofPlatform().daemon().name("bench-pg-sampler").start(this::loop);
        }

        /**
         * Samples over a connection of its own, opened once (not one per sample: a new backend every 20 ms); when
         * {@code on} is false, samples nothing and reports that.
         */
        static DatabaseSampler start(EmbeddedPostgresServer postgres, boolean on) {
            return new DatabaseSampler(on ? new JdbcTemplate(oneConnection(postgres, "bench-session-sampler")) : null);
        }

        private void loop() {
            while (running.get()) {
                try {
                    jdbc.query("""
                            SELECT state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait,
                                   regexp_replace(left(query, 70), '\\s+', ' ', 'g') AS statement
                            FROM pg_stat_activity
                            WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'""",
                            rs -> {
                                counts.merge(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3), 1L,
                                        Long::sum);
                            });
                    samples.incrementAndGet();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the server is going away at the end of the run
                }
            }
        }

        /** The {@code n} most seen (state | wait | statement), as the mean number of such sessions per sample. */
        List<String> top(int n) {
            if (thread == null) {
                return List.of("not sampled (--sample-sessions samples them)");
            }
            long total = Math.max(1, samples.get());
            double busy = counts.values().stream().mapToLong(Long::longValue).sum() / (double) total;
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%.2f non-idle sessions on average over %d samples", busy, total));
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(n).forEach(e -> lines.add(String.format(Locale.ROOT, "%.2f  %s", e.getValue()
                            / (double) total, e.getKey())));
            return lines;
        }

        @Override
        public void close() {
            if (thread == null) {
                return;
            }
            running.set(false);
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ((SingleConnectionDataSource) jdbc.getDataSource()).destroy();
        }
    }

    /**
     * One connection, opened on first use and kept: the bench's own queries (the samplers', the waits for credits)
     * must not cost PostgreSQL a new backend each — a connection per query every 20 ms took CPU from the services
     * being measured.
     */
    static SingleConnectionDataSource oneConnection(EmbeddedPostgresServer postgres, String applicationName) {
        SingleConnectionDataSource one = new SingleConnectionDataSource(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.USER, true);
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("ApplicationName", applicationName); // its CPU is told apart from the services'
        one.setConnectionProperties(properties);
        return one;
    }

    // ---- the three services -------------------------------------------------------------------------------------

    /** {@link InProcessServices#common} plus what this bench sets for every service. */
    private Map<String, Object> common(String name, String schema, EmbeddedPostgresServer postgres,
                                       EmbeddedKafkaServer kafka) {
        return withBenchSettings(InProcessServices.common(name, schema, postgres, kafka));
    }

    private Map<String, Object> withBenchSettings(Map<String, Object> p) {
        p.put("logging.level.io.stablerail", "WARN"); // as WithdrawalIntakeBench: no per-deposit INFO lines
        p.put("stablerail.messaging.relay.interval", options.tuning().relayInterval().toMillis() + "ms");
        return p;
    }

    private Map<String, Object> ledgerProperties(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka) {
        return withBenchSettings(InProcessServices.ledger(postgres, kafka));
    }

    private Map<String, Object> confirmationProperties(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka) {
        Map<String, Object> p = common("confirmation-worker", "confirmation", postgres, kafka);
        Tuning t = options.tuning();
        p.put("spring.flyway.locations", "classpath:db/confirmation");
        p.put("stablerail.confirmation.check-interval", t.checkInterval().toMillis() + "ms");
        p.put("stablerail.confirmation.batch-size-max", Integer.toString(t.checkBatchMax()));
        p.put("stablerail.confirmation.recheck-interval", t.recheckInterval().toMillis() + "ms");
        // as the local stack hands the devnet over: enables tron-devnet with the devnet's USDT
        p.put("stablerail.confirmation.local-devnets.tron-endpoint", devnet.endpoint());
        p.put("stablerail.confirmation.local-devnets.tron-usdt", devnet.usdtContract().base58());
        return p;
    }

    private Map<String, Object> depositProperties(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka,
                                                  long firstBlock) {
        Map<String, Object> p = common("deposit-service", "deposit", postgres, kafka);
        p.put("spring.flyway.locations", "classpath:db/deposit");
        p.put("stablerail.chains.local-devnets.tron-endpoint", devnet.endpoint());
        p.put("stablerail.chains.local-devnets.tron-usdt", devnet.usdtContract().base58());
        p.put("stablerail.deposits.minimums.USDT", "1.00");
        p.put("stablerail.deposits.minimums.USDC", "1.00");
        p.put("stablerail.deposits.scanner.interval", options.tuning().scanInterval().toMillis() + "ms");
        p.put("stablerail.deposits.scanner.start-blocks." + CHAIN, Long.toString(firstBlock));
        return p;
    }
}
