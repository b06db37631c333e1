package io.stablerail.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.kms.LocalKms;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.testsupport.EmbeddedKafkaServer;
import io.stablerail.testsupport.EmbeddedPostgresServer;

/**
 * Starts the whole suite on one machine: PostgreSQL 17 (durable, data in {@code <data>/postgres}), one Kafka KRaft
 * node (data in {@code <data>/kafka}), then the six services as child JVMs. Prints the URLs once
 * {@code /ops/api/health} says UP. Ctrl-C (or SIGTERM) stops the services gracefully, then Kafka, then PostgreSQL.
 */
public final class DevStack {

    /** The services in start order with their offset from the base port (DESIGN §2; gateway 8080, then 8081–8085). */
    static final Map<String, Integer> SERVICES = servicesInOrder();

    private final DevStackOptions options;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaServer kafka;
    private TronDevnet tron;
    private HardhatDevnet evm;
    private LocalKms kms;

    DevStack(DevStackOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        DevStackOptions options;
        try {
            options = DevStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DevStack stack = new DevStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "dev-stack-stop"));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("dev-stack failed to start: " + e.getMessage());
            System.exit(1);
        }
        stack.stopped.await();
    }

    void start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path data = options.dataDirectory();
        Path logs = Files.createDirectories(data.resolve("logs"));
        say("data directory " + data);
        postgres = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Options.durableAt(data.resolve("postgres"), options.postgresPort()));
        say("PostgreSQL 17     " + postgres.jdbcUrl());
        kafka = EmbeddedKafkaServer.startPersistent(data.resolve("kafka"), options.kafkaPort(),
                options.kafkaControllerPort());
        say("Kafka (KRaft)     " + kafka.bootstrapServers());
        // The local chains live in memory: every run of the stack starts them from genesis (see docs/operations.md).
        if (System.getProperty("stablerail.devnet.evm.dir") == null) {
            System.setProperty("stablerail.devnet.evm.dir", options.root().resolve("chain-devnet/evm").toString());
        }
        tron = TronDevnet.start();
        tron.startProducing(Duration.ofSeconds(3));
        say("TRON devnet       " + tron.endpoint() + " (gRPC full + solidity, a block every 3 s; USDT "
                + tron.usdtContract().base58() + ")");
        evm = HardhatDevnet.start();
        evm.setIntervalMining(Duration.ofSeconds(2));
        // funded payers for trying deposits: development accounts 1-3 hold 1,000,000 of each devnet token
        for (int account = 1; account <= 3; account++) {
            for (DevnetToken token : DevnetToken.values()) {
                evm.mint(token, evm.account(account).evmAddress(), java.math.BigInteger.valueOf(1_000_000_000_000L));
            }
        }
        say("EVM devnet        " + evm.rpcUrl() + " (Hardhat, chain id " + evm.chainId() + ", a block every 2 s; USDT "
                + evm.token(DevnetToken.USDT_LIKE) + ", USDC " + evm.token(DevnetToken.USDC_LIKE) + ")");
        kms = LocalKms.start(0);
        say("local AWS KMS     " + kms.endpoint());
        LocalCredentials credentials = new LocalCredentials(data);
        String opsToken = credentials.opsToken();
        Map<String, String> environment = serviceEnvironment();
        environment.put("STABLERAIL_OPS_TOKEN_SHA256", LocalCredentials.sha256Hex(opsToken));
        environment.put("STABLERAIL_WEBHOOK_SECRET_KEY", credentials.webhookSecretKey());
        environment.put("STABLERAIL_WEBHOOKS_ALLOW_LOCAL_HTTP", "true");
        // withdrawal-service needs a deposit key seed to onboard merchants: a dev-only, public one
        // (see LocalCredentials)
        environment.put("STABLERAIL_DEPOSIT_SEED_FILE", credentials.devOnlyDepositSeedFile().toString());
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            Map<String, String> own = new LinkedHashMap<>(environment);
            if (service.getKey().equals("gateway-api")) { // the edge's health and metrics are on a port of their own
                own.put("STABLERAIL_MANAGEMENT_PORT", String.valueOf(gatewayManagementPort()));
            }
            services.add(ServiceProcess.start(service.getKey(), options.basePort() + service.getValue(),
                    options.root(), logs, own));
        }
        say("services starting, logs in " + logs);
        awaitHealthy(started);
        String demoKey = credentials.demoMerchantKey(url("gateway-api"), opsToken);
        printUrls(Duration.ofNanos(System.nanoTime() - started));
        say("  ops token       " + opsToken + "   (Authorization: Bearer … on /ops/api/**; local stack only)");
        say("  demo merchant   " + demoKey + "   (Authorization: Bearer … on /v1/**; local stack only)");
        say("  try             curl -H 'Authorization: Bearer " + demoKey + "' " + url("gateway-api")
                + "/v1/api-keys");
    }

    private Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("STABLERAIL_DB_URL", postgres.jdbcUrl());
        environment.put("STABLERAIL_DB_USER", EmbeddedPostgresServer.USER);
        environment.put("STABLERAIL_DB_PASSWORD", EmbeddedPostgresServer.USER);
        environment.put("STABLERAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        environment.put("STABLERAIL_DEPOSIT_URL", url("deposit-service"));
        environment.put("STABLERAIL_WITHDRAWAL_URL", url("withdrawal-service"));
        environment.put("STABLERAIL_CONFIRMATION_URL", url("confirmation-worker"));
        environment.put("STABLERAIL_SETTLEMENT_URL", url("settlement-service"));
        environment.put("STABLERAIL_LEDGER_URL", url("ledger-service"));
        environment.put("STABLERAIL_TRON_DEVNET_ENDPOINT", tron.endpoint());
        environment.put("STABLERAIL_TRON_DEVNET_USDT", tron.usdtContract().base58());
        environment.put("STABLERAIL_EVM_DEVNET_RPC", evm.rpcUrl().toString());
        environment.put("STABLERAIL_EVM_DEVNET_USDT", evm.token(DevnetToken.USDT_LIKE).checksummed());
        environment.put("STABLERAIL_EVM_DEVNET_USDC", evm.token(DevnetToken.USDC_LIKE).checksummed());
        environment.put("STABLERAIL_KMS_ENDPOINT", kms.endpoint().toString());
        writeDevnets(environment);
        return environment;
    }

    /** The devnets' endpoints and contracts in {@code <data>/devnets.properties}, for tools and tests (no secrets). */
    private void writeDevnets(Map<String, String> environment) {
        StringBuilder lines = new StringBuilder("# this run's local chains (dev-stack); the EVM devnet's accounts are "
                + "those of Hardhat's public test mnemonic\n");
        environment.forEach((name, value) -> {
            if (name.contains("DEVNET") || name.equals("STABLERAIL_KMS_ENDPOINT")) {
                lines.append(name).append('=').append(value).append('\n');
            }
        });
        try {
            Files.writeString(options.dataDirectory().resolve("devnets.properties"), lines.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitHealthy(long startedNanos) throws InterruptedException {
        URI health = URI.create(url("gateway-api") + "/ops/api/health");
        long deadline = startedNanos + options.startupTimeout().toNanos();
        String last = "no answer yet";
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                failIfAServiceDied();
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    last = response.body();
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    last = "gateway not answering yet (" + e.getClass().getSimpleName() + ")";
                }
                Thread.sleep(1_000);
            }
        }
        throw new IllegalStateException("the suite was not healthy within " + options.startupTimeout() + ": " + last);
    }

    private void failIfAServiceDied() {
        for (ServiceProcess service : services) {
            if (!service.isAlive()) {
                System.err.println("---- last lines of " + service.log());
                service.logTail(40).forEach(System.err::println);
                throw new IllegalStateException(service.name() + " exited with code " + service.exitValue()
                        + " (log: " + service.log() + ")");
            }
        }
    }

    private void printUrls(Duration took) {
        say("all six services UP in " + took.toSeconds() + " s");
        say("  dashboard/API   " + url("gateway-api"));
        say("  suite health    " + url("gateway-api") + "/ops/api/health");
        for (ServiceProcess service : services) {
            int management = service.name().equals("gateway-api") ? gatewayManagementPort() : service.port();
            say(String.format("  %-20s http://127.0.0.1:%d/actuator/health", service.name(), management));
        }
        say("Ctrl-C stops everything; data stays in " + options.dataDirectory());
    }

    /** gateway-api's management port: the base port + 10 (8090 by default), next to the six service ports. */
    int gatewayManagementPort() {
        return options.basePort() + 10;
    }

    /** Stops services (gracefully, in parallel), then Kafka, then PostgreSQL. Safe to call more than once. */
    synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        say("stopping");
        services.forEach(ServiceProcess::requestStop);
        for (ServiceProcess service : services) {
            try {
                service.awaitStop(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kms != null) {
            kms.close();
        }
        if (evm != null) {
            evm.close();
        }
        if (tron != null) {
            tron.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        say("stopped");
        stopped.countDown();
    }

    private String url(String service) {
        return "http://127.0.0.1:" + (options.basePort() + SERVICES.get(service));
    }

    private static Map<String, Integer> servicesInOrder() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("gateway-api", 0);
        services.put("deposit-service", 1);
        services.put("withdrawal-service", 2);
        services.put("confirmation-worker", 3);
        services.put("settlement-service", 4);
        services.put("ledger-service", 5);
        return services;
    }

    private static void say(String line) {
        System.out.println("[dev-stack] " + line);
        System.out.flush();
    }
}
