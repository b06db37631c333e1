package io.stablerail.bench;

import static io.stablerail.bench.InProcessServices.port;
import static io.stablerail.bench.InProcessServices.start;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stablerail.gateway.GatewayApplication;
import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.merchants.Scope;
import io.stablerail.ledger.LedgerApplication;
import io.stablerail.testsupport.EmbeddedKafkaServer;
import io.stablerail.testsupport.EmbeddedPostgresServer;
import io.stablerail.withdrawal.WithdrawalApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Withdrawal intake per second through the merchant API ({@code POST /v1/withdrawals} on gateway-api: API key, rate
 * limit, routing to withdrawal-service's {@code POST /internal/v1/merchants/{id}/withdrawals}: validation, idempotency
 * row, policy, a funds hold reserved through the REAL ledger-service's HTTP API, outbox events) against the baseline of
 * {@code pgbench}'s TPC-B-like transaction on the same durable PostgreSQL in the same run, with the same number of
 * clients; the same load straight to withdrawal-service's internal API, to show what the edge costs; then latency
 * through the merchant API at half of its measured intake rate, open loop (a request's latency counts from when it was
 * due, so a stall is not hidden). Last, with the services stopped, {@link IntakeSqlReplay}: pgbench replays the SQL the
 * three services send PostgreSQL for one intake, on the same schemas and data, with 4, 8 and the benchmark's clients —
 * the rate of the database's part alone.
 *
 * <p>Not JMH: the half-load phase needs an open-loop load generator and the baseline is an external program. The three
 * services run in this JVM on their own schemas of one PostgreSQL started durable, with a KRaft Kafka for their
 * outboxes; nothing is broadcast (the broadcaster is off: intake is what is measured).
 *
 * <p>Before measuring, both paths are warmed up in rounds until the JIT compilers settle (a round in which they worked
 * less than {@value JitActivity#SETTLED_SHARE} of the time, see {@link JitActivity}) or {@code --warmup-max} runs out;
 * the result says how long that took and how much the compilers still worked in each measured phase.
 *
 * <p>Usage: {@code WithdrawalIntakeBench [--seconds N] [--clients C] [--scale S] [--warmup-max W]}.
 */
public final class WithdrawalIntakeBench {

    static final String HOT_WALLET = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    static final String DESTINATION = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    static final String USDT_ETHEREUM = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    static final int MERCHANTS = 64;
    private static final String BENCH_ONLY_SEED = "bench-only-deposit-seed";

    /**
     * How long each phase runs, how many clients both the baseline and the intake use, pgbench's scale, and the longest
     * the warm-up may go on while the JIT compilers have not settled.
     */
    public record Options(Duration phase, int clients, int pgbenchScale, Duration warmupMax) {
        public Options {
            if (phase.isNegative() || phase.isZero() || clients < 1 || pgbenchScale < 1 || warmupMax.isNegative()) {
                throw new IllegalArgumentException("phase > 0, clients >= 1, scale >= 1, warm-up >= 0");
            }
        }

        static Options parse(String[] args) {
            Duration phase = Duration.ofSeconds(30);
            int clients = 16;
            int scale = 10;
            Duration warmupMax = Duration.ofSeconds(300);
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--seconds" -> phase = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                    case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                    case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                    case "--warmup-max" -> warmupMax = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(phase, clients, scale, warmupMax);
        }
    }

    /** Latencies in milliseconds. */
    public record Latency(long samples, double p50, double p99, double p999, double max) {
    }

    /** How the warm-up went: its length, its rounds, and whether the last round found the compilers settled. */
    public record Warmup(Duration length, int rounds, JitActivity.Span lastRound) {
        public boolean settled() {
            return lastRound.settled();
        }
    }

    /**
     * {@code intakePerSecond}, {@code halfLoad}: through the merchant API (gateway-api); {@code directPerSecond}: the
     * same requests straight to withdrawal-service's internal API; {@code jit}: the compilers' work during each of
     * those three phases, in that order.
     */
    public record Result(double pgbenchTps, double intakePerSecond, long intakeErrors, double directPerSecond,
                         long directErrors, double halfLoadRate, Latency halfLoad, long halfLoadErrors,
                         Warmup warmup, List<JitActivity.Span> jit, Map<Integer, Double> sqlReplay) {
        public double ratio() {
            return intakePerSecond / pgbenchTps;
        }

        public double directRatio() {
            return directPerSecond / pgbenchTps;
        }

        /** The intake's SQL alone, replayed by pgbench: its best rate over the client counts tried. */
        public double sqlReplayPerSecond() {
            return sqlReplay.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        public double sqlReplayRatio() {
            return sqlReplayPerSecond() / pgbenchTps;
        }

        Result withSqlReplay(Map<Integer, Double> byClients) {
            return new Result(pgbenchTps, intakePerSecond, intakeErrors, directPerSecond, directErrors, halfLoadRate,
                    halfLoad, halfLoadErrors, warmup, jit, Map.copyOf(byClients));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    warm-up                           %d s, %d rounds, last round %s%s
                    pgbench TPC-B (baseline)          %,10.1f tps
                    intake, merchant API (max)        %,10.1f /s   errors %d
                    intake / pgbench                  %10.3f
                    intake, withdrawal-service direct %,10.1f /s   errors %d   (/ pgbench %.3f)
                    half load, merchant API           %,10.1f /s   errors %d
                    half-load latency                 p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms  (%d samples)
                    JIT during: merchant API %s; direct %s; half load %s
                    the intake's SQL alone (pgbench)  %,10.1f /s   (/ pgbench %.3f; best of clients %s /s)""",
                    warmup.length().toSeconds(), warmup.rounds(), warmup.lastRound(),
                    warmup.settled() ? "" : " (NOT settled: the figures include JIT warm-up)", pgbenchTps, intakePerSecond, intakeErrors, ratio(), directPerSecond, directErrors,
                    directRatio(), halfLoadRate, halfLoadErrors, halfLoad.p50(), halfLoad.p99(), halfLoad.p999(),
                    halfLoad.max(), halfLoad.samples(), jit.get(0), jit.get(1), jit.get(2), sqlReplayPerSecond(),
                    sqlReplayRatio(), new java.util.TreeMap<>(sqlReplay));
        }
    }

    /** Where a request goes: the URL and the headers that say who the merchant is. */
    private interface Target {
        HttpRequest.Builder request(int merchant);
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        System.out.println(result);
        System.exit(0); // the embedded servers' non-daemon threads
    }

    public static Result run(Options options) throws Exception {
        return new WithdrawalIntakeBench().measure(options);
    }

    private Result measure(Options options) throws Exception {
        Path data = Files.createTempDirectory("stablerail-bench-withdrawals");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Options.durableThrowAway());
             EmbeddedKafkaServer kafka = EmbeddedKafkaServer.startForTests()) {
            JdbcTemplate admin = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(),
                    postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.USER));
            DurableLedger.requireDurable(admin);
            Result measured;
            try (ConfigurableApplicationContext ledger = start(LedgerApplication.class,
                    InProcessServices.ledger(postgres, kafka));
                 ConfigurableApplicationContext withdrawals = start(WithdrawalApplication.class,
                         withdrawalProperties(postgres, kafka, "http://127.0.0.1:" + port(ledger),
                                 benchOnlySeed(data)));
                 ConfigurableApplicationContext gateway = start(GatewayApplication.class,
                         gatewayProperties(postgres, kafka, "http://127.0.0.1:" + port(withdrawals)))) {
                String ledgerUrl = "http://127.0.0.1:" + port(ledger);
                // merchants onboarded at the edge, each with a write key; their ledger accounts funded
                ApiKeys apiKeys = gateway.getBean(ApiKeys.class);
                String[] merchants = new String[MERCHANTS];
                String[] keys = new String[MERCHANTS];
                for (int m = 0; m < MERCHANTS; m++) {
                    merchants[m] = apiKeys.createMerchant("bench merchant " + m).id();
                    keys[m] = apiKeys.issue(merchants[m], Set.of(Scope.WRITE), "bench").token();
                    fund(ledgerUrl, merchants[m]);
                }
                String api = "http://127.0.0.1:" + port(gateway) + "/v1/withdrawals";
                Target throughApi = m -> HttpRequest.newBuilder(URI.create(api))
                        .header("Authorization", "Bearer " + keys[m]);
                String internal = "http://127.0.0.1:" + port(withdrawals) + "/internal/v1/merchants/";
                Target direct = m -> HttpRequest.newBuilder(URI.create(internal + merchants[m] + "/withdrawals"));

                Warmup warmup = warmUp(throughApi, direct, options);

                double pgbenchTps = Pgbench.tps(postgres, admin, options.clients(), options.pgbenchScale(),
                        options.phase());
                JitActivity jit = JitActivity.start();
                long[] viaApi = closedLoop(throughApi, options.clients(), options.phase());
                JitActivity.Span apiJit = jit.stop();
                jit = JitActivity.start();
                long[] straight = closedLoop(direct, options.clients(), options.phase());
                JitActivity.Span directJit = jit.stop();
                double intakeRate = perSecond(viaApi[0], options.phase());
                double halfRate = Math.max(1, intakeRate / 2);
                jit = JitActivity.start();
                OpenLoop half = openLoop(throughApi, halfRate, options.phase());
                JitActivity.Span halfJit = jit.stop();
                measured = new Result(pgbenchTps, intakeRate, viaApi[1], perSecond(straight[0], options.phase()),
                        straight[1], halfRate, half.latency(), half.errors(), warmup,
                        List.of(apiJit, directJit, halfJit), Map.of());
            }
            // the services stopped: only PostgreSQL and pgbench share the machine, as in the TPC-B baseline
            // at the benchmark's clients and fewer: on two cores, fewer CPU-bound clients can go faster
            List<Integer> clientCounts = java.util.stream.Stream.of(4, 8, options.clients())
                    .filter(c -> c <= options.clients()).distinct().toList();
            return measured.withSqlReplay(IntakeSqlReplay.run(postgres, admin, clientCounts, options.phase(),
                    Map.of("DESTINATION", DESTINATION, "HOT_WALLET", HOT_WALLET, "TOKEN", USDT_ETHEREUM)));
        } finally {
            Files.deleteIfExists(data.resolve(BENCH_ONLY_SEED));
            Files.deleteIfExists(data);
        }
    }

    /**
     * Both paths under the measured load in rounds (each path for a tenth of {@code warmupMax}, at least 5 s, at most
     * the phase length) until a round finds the JIT compilers settled or {@code warmupMax} is spent. At 80–150
     * requests a second, a method that runs once per request needs a minute or more to reach C2; with the three
     * services, Kafka and the load generator sharing two cores, a 10-second warm-up left the compilers busy through
     * every measured phase.
     */
    private Warmup warmUp(Target throughApi, Target direct, Options options) throws InterruptedException {
        long roundSeconds = Math.min(options.phase().toSeconds(), Math.max(5, options.warmupMax().toSeconds() / 10));
        Duration half = Duration.ofSeconds(roundSeconds);
        long started = System.nanoTime();
        int rounds = 0;
        JitActivity.Span last;
        do {
            JitActivity round = JitActivity.start();
            closedLoop(throughApi, options.clients(), half);
            closedLoop(direct, options.clients(), half);
            last = round.stop();
            rounds++;
            System.out.printf(Locale.ROOT, "warm-up round %d: %s%n", rounds, last);
        } while (!last.settled() && Duration.ofNanos(System.nanoTime() - started).compareTo(options.warmupMax()) < 0);
        return new Warmup(Duration.ofNanos(System.nanoTime() - started), rounds, last);
    }

    private static double perSecond(long count, Duration phase) {
        return count / (double) phase.toMillis() * 1000;
    }

    // ---- load ---------------------------------------------------------------------------------------------------

    /** {@code clients} requests in flight at all times for {@code duration}; returns {accepted, errors}. */
    private long[] closedLoop(Target target, int clients, Duration duration) throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (requestWithdrawal(target)) {
                            accepted.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        return new long[] {accepted.get(), errors.get()};
    }

    record OpenLoop(Latency latency, long errors) {
    }

    /** Requests due at a fixed rate; each one's latency counts from when it was due. */
    private OpenLoop openLoop(Target target, double perSecond, Duration duration) throws InterruptedException {
        int total = (int) Math.max(1, perSecond * duration.toMillis() / 1000);
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        double interval = 1_000_000_000d / perSecond;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                pool.submit(() -> {
                    if (!requestWithdrawal(target)) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                });
            }
        }
        Arrays.sort(latencies);
        return new OpenLoop(new Latency(total, millis(percentile(latencies, 0.50)), millis(percentile(latencies, 0.99)),
                millis(percentile(latencies, 0.999)), millis(latencies[total - 1])), errors.get());
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000d;
    }

    /** One new withdrawal (a fresh idempotency key) of 0.01 USDT on Ethereum; true when accepted (201). */
    private boolean requestWithdrawal(Target target) {
        long n = sequence.incrementAndGet();
        String body = "{\"chain\":\"ethereum\",\"asset\":\"USDT\",\"to_address\":\"" + DESTINATION
                + "\",\"amount\":\"0.01\",\"reference\":\"bench-" + n + "\"}";
        HttpRequest request = target.request((int) (n % MERCHANTS))
                .header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + UUID.randomUUID())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void fund(String ledgerUrl, String merchantId) throws IOException, InterruptedException {
        String wallet = "{\"kind\":\"DEPOSIT_WALLET\",\"currency\":\"USDT\",\"chain\":\"ethereum\","
                + "\"token\":\"" + USDT_ETHEREUM + "\",\"wallet\":\"" + HOT_WALLET + "\"}";
        String body = "{\"idempotency_key\":\"bench-fund-" + merchantId + "\",\"type\":\"DEPOSIT\",\"postings\":["
                + "{\"account\":" + wallet + ",\"amount\":\"-1000000000000000\"},"
                + "{\"account\":{\"kind\":\"MERCHANT_AVAILABLE\",\"currency\":\"USDT\",\"merchant_id\":\""
                + merchantId + "\"},\"amount\":\"1000000000000000\"}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ledgerUrl + "/internal/v1/entries"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("funding " + merchantId + " failed: " + response.body());
        }
    }

    // ---- the three services ---------------------------------------------------------------------------------------

    /**
     * The deposit seed withdrawal-service requires at start (the key side of merchant onboarding, not used by
     * intake): BIP-39's public reference test mnemonic, never a real wallet.
     */
    private static Path benchOnlySeed(Path data) throws IOException {
        return Files.writeString(data.resolve(BENCH_ONLY_SEED), "abandon abandon abandon abandon abandon "
                + "abandon abandon abandon abandon abandon abandon about");
    }

    private static Map<String, Object> withdrawalProperties(EmbeddedPostgresServer postgres,
                                                            EmbeddedKafkaServer kafka, String ledgerUrl,
                                                            Path depositSeed) {
        Map<String, Object> p = InProcessServices.common("withdrawal-service", "withdrawal", postgres, kafka);
        p.put("stablerail.keys.deposit-seed-file", depositSeed.toString());
        p.put("spring.flyway.locations", "classpath:db/withdrawal");
        p.put("stablerail.chains.call-timeout", "10s");
        p.put("stablerail.chains.evm-fees.history-blocks", "10");
        p.put("stablerail.chains.evm-fees.priority-fee-percentile", "50");
        p.put("stablerail.chains.evm-fees.base-fee-multiplier", "2");
        p.put("stablerail.chains.evm-fees.priority-fee-min-wei", "1000000000");
        p.put("stablerail.chains.tron-energy-margin-percent", "130");
        p.put("stablerail.withdrawal.hot-wallets.ethereum", HOT_WALLET);
        p.put("stablerail.withdrawal.ledger.base-url", ledgerUrl);
        p.put("stablerail.withdrawal.ledger.connect-timeout", "2s");
        p.put("stablerail.withdrawal.ledger.read-timeout", "5s");
        // limits far above what the run requests; no approvals, no address cool-down: every request is accepted
        p.put("stablerail.withdrawal.policy.per-transaction-max-minor", "100000000000");
        p.put("stablerail.withdrawal.policy.daily-max-minor", "1000000000000000");
        p.put("stablerail.withdrawal.policy.approval-above-minor", "10000000000");
        p.put("stablerail.withdrawal.policy.four-eyes-above-minor", "50000000000");
        p.put("stablerail.withdrawal.policy.address-cooldown", "0s");
        p.put("stablerail.withdrawal.intake.recovery-interval", "10s");
        p.put("stablerail.withdrawal.intake.requested-grace", "30s");
        p.put("stablerail.withdrawal.intake.batch-max", "100");
        p.put("stablerail.withdrawal.broadcast.enabled", "false");
        p.put("stablerail.withdrawal.broadcast.interval", "1s");
        p.put("stablerail.withdrawal.broadcast.batch-max", "50");
        p.put("stablerail.withdrawal.broadcast.resend-backoff-initial", "1s");
        p.put("stablerail.withdrawal.broadcast.resend-backoff-max", "5m");
        p.put("stablerail.withdrawal.broadcast.nonce-check-interval", "1m");
        p.put("stablerail.withdrawal.broadcast.nonce-gap-report-max", "20");
        p.put("stablerail.withdrawal.broadcast.replacement-bump-percent", "10");
        p.put("stablerail.withdrawal.broadcast.ops-lock-wait", "5s");
        return p;
    }

    private static Map<String, Object> gatewayProperties(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka,
                                                         String withdrawalUrl) {
        Map<String, Object> p = InProcessServices.common("gateway-api", "gateway", postgres, kafka);
        p.put("spring.flyway.locations", "classpath:db/gateway");
        p.put("stablerail.gateway.ops-health.services.withdrawal-service", withdrawalUrl);
        p.put("stablerail.gateway.routing.timeout", "5s");
        p.put("stablerail.gateway.rate-limit.requests-per-second", "25");
        p.put("stablerail.gateway.rate-limit.burst", "50");
        p.put("stablerail.messaging.dead-letters.internal-endpoints", "false");
        return p;
    }

    // ---- the baseline -------------------------------------------------------------------------------------------

    /** PostgreSQL's own {@code pgbench} (TPC-B-like, prepared statements) against a database of the same server. */
    static final class Pgbench {

        static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

        static double tps(EmbeddedPostgresServer postgres, JdbcTemplate jdbc, int clients, int scale,
                          Duration duration) throws IOException, InterruptedException {
            if (jdbc.queryForList("SELECT 1 FROM pg_database WHERE datname = 'pgbench'").isEmpty()) {
                jdbc.execute("CREATE DATABASE pgbench");
            }
            run(postgres, List.of("-i", "-q", "-s", Integer.toString(scale), "pgbench"), Map.of());
            String out = run(postgres, List.of("-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                    "-T", Long.toString(Math.max(1, duration.toSeconds())), "pgbench"), Map.of());
            return Double.parseDouble(printed(TPS, out));
        }

        /** The figure {@code pattern}'s first group captures in pgbench's {@code out}; a failure when it is missing. */
        static String printed(Pattern pattern, String out) {
            Matcher matcher = pattern.matcher(out);
            if (!matcher.find()) {
                throw new IllegalStateException("pgbench printed no " + pattern + ":\n" + out);
            }
            return matcher.group(1);
        }

        /** pgbench with {@code arguments} against {@code postgres} as its superuser; its output, or a failure. */
        static String run(EmbeddedPostgresServer postgres, List<String> arguments, Map<String, String> environment)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(find(), "-h", "127.0.0.1", "-p",
                    Integer.toString(postgres.port()), "-U", EmbeddedPostgresServer.USER));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", EmbeddedPostgresServer.USER);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        }

        /** {@code $PGBENCH}, then {@code pgbench} on the PATH, then Debian's {@code /usr/lib/postgresql/<v>/bin}. */
        static String find() throws IOException {
            List<Path> candidates = new ArrayList<>();
            String configured = System.getenv("PGBENCH");
            if (configured != null && !configured.isBlank()) {
                candidates.add(Path.of(configured));
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "pgbench"));
                }
            }
            Path debian = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(debian)) {
                try (var versions = Files.list(debian)) {
                    versions.sorted(java.util.Comparator.reverseOrder())
                            .forEach(v -> candidates.add(v.resolve("bin/pgbench")));
                }
            }
            return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                    .orElseThrow(() -> new UncheckedIOException(new IOException(
                            "pgbench not found (set PGBENCH, put it on the PATH, or install Debian's postgresql "
                                    + "package, which ships it in /usr/lib/postgresql/<version>/bin)")));
        }
    }
}
