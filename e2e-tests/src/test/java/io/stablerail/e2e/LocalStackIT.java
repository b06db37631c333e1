package io.stablerail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the local stack exactly as the README's run command does after its build step ({@code java -jar
 * dev-stack/target/dev-stack-*-exec.jar}), on free ports and a temporary data directory: all six services UP on
 * {@code /ops/api/health} within 2 minutes; SIGTERM (what Ctrl-C amounts to) stops everything and frees the ports; a
 * restart on the same data directory keeps PostgreSQL and Kafka data.
 */
class LocalStackIT {

    static final Duration STARTUP_LIMIT = Duration.ofMinutes(2);
    static final String MARKER_TOPIC = "stablerail.local-stack-probe";
    /** The local stack's dev-only deposit seed: the public BIP-39 test vector mnemonic (see DevStack). */
    static final String DEV_ONLY_DEPOSIT_MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon abandon about";

    @Test
    void runCommandBringsAllSixServicesUpAndCtrlCStopsThemAndDataSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("stablerail-stack");
        Ports ports = Ports.free();
        String marker = "marker-" + Instant.now().toEpochMilli();

        Instant firstInstall;
        try (Stack stack = Stack.start(data, ports)) {
            JsonNode health = stack.awaitHealthy(STARTUP_LIMIT);
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("services").valueStream().map(s -> s.path("name").asString() + "="
                    + s.path("status").asString()))
                    .containsExactly("gateway-api=UP", "deposit-service=UP", "withdrawal-service=UP",
                            "confirmation-worker=UP", "settlement-service=UP", "ledger-service=UP");
            firstInstall = firstMigrationTime(ports);
            // the stack seeds the demo key right after it sees the suite healthy: it may lag our own health check
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    Files.readString(data.resolve("dev-stack.out")).contains("demo merchant   "));
            String demoKey = Files.readString(data.resolve("credentials/demo-merchant-key")).strip();
            assertThat(Files.readString(data.resolve("dev-stack.out"))).contains("demo merchant   " + demoKey);
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.base() + "/v1/api-keys")).header("Authorization", "Bearer " + demoKey).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(keys.statusCode()).as("the seeded demo key works").isEqualTo(200);
                assertThat(keys.body()).contains(demoKey.substring(0, 20)).doesNotContain(demoKey.substring(21));
                HttpResponse<String> balances = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.base() + "/v1/balances")).header("Authorization", "Bearer " + demoKey).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(balances.statusCode()).as("gateway → ledger-service route: " + balances.body())
                        .isEqualTo(200);
                assertThat(balances.body()).contains("\"currency\":\"USDT\"").contains("\"available\":\"0.000000\"");
                aDevnetDepositIsCreditedOnce(http, ports, data, demoKey,
                        JsonMapper.builder().build().readTree(balances.body()).path("merchant_id").asString());
            }
            produce(ports, marker);

            stack.terminate();
            assertThat(stack.exitedWithin(Duration.ofSeconds(90))).as("stack stopped after SIGTERM").isTrue();
            for (int port : ports.all()) {
                assertThat(listening(port)).as("port " + port + " released").isFalse();
            }
        }

        // The restart runs the services with the production profile: JSON (ECS) logs, still bound to loopback.
        try (Stack again = Stack.start(data, ports, Map.of("SPRING_PROFILES_ACTIVE", "prod",
                "STABLERAIL_BIND_ADDRESS", "127.0.0.1"))) {
            assertThat(again.awaitHealthy(STARTUP_LIMIT).path("status").asString()).isEqualTo("UP");
            JsonNode logLine = JsonMapper.builder().build().readTree(lastLogLine(data, "ledger-service"));
            assertThat(logLine.path("@timestamp").asString()).as("prod profile logs are ECS JSON").isNotBlank();
            assertThat(logLine.path("log").path("level").asString()).isNotBlank();
            assertThat(logLine.path("service").path("name").asString()).isEqualTo("ledger-service");
            assertThat(logLine.path("ecs").path("version").asString()).isNotBlank();
            assertThat(firstMigrationTime(ports)).as("same PostgreSQL data after restart").isEqualTo(firstInstall);
            assertThat(consumeAll(ports)).as("same Kafka data after restart").contains(marker);
            again.terminate();
            assertThat(again.exitedWithin(Duration.ofSeconds(90))).isTrue();
        }
        deleteRecursively(data);
    }

    /**
     * A deposit end to end on the local stack's EVM devnet: the merchant's address from the gateway, a USDT transfer
     * from a funded development account, then the scanner (deposit-service), finality at depth 3
     * (confirmation-worker), the credit (ledger-service) and the acknowledgement back to deposit-service, each through
     * Kafka: the merchant sees one CREDITED deposit and the balance once, however long we keep watching.
     */
    static void aDevnetDepositIsCreditedOnce(HttpClient http, Ports ports, Path data, String demoKey, String merchantId)
            throws Exception {
        java.util.Properties devnets = new java.util.Properties();
        try (var in = Files.newInputStream(data.resolve("devnets.properties"))) {
            devnets.load(in);
        }
        // onboarding is automatic: gateway-api announces the merchant (merchant.onboarded), withdrawal-service derives
        // its account xpubs from the stack's dev-only deposit seed (merchant.deposit-keys), deposit-service registers
        // them. Until that has gone through Kafka the merchant gets 409 merchant_not_onboarded; wait for the address.
        HttpRequest newAddress = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.base()
                        + "/v1/deposit-addresses")).header("Authorization", "Bearer " + demoKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chain\":\"evm-devnet\"}")).build();
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> response = http.send(newAddress, HttpResponse.BodyHandlers.ofString());
                    last.set(response);
                    if (response.statusCode() != 201) {
                        assertThat(response.statusCode() + " " + response.body())
                                .as("only 'not onboarded yet' may precede the address").startsWith("409")
                                .contains("merchant_not_onboarded");
                    }
                    return response.statusCode() == 201;
                });
        HttpResponse<String> created = last.get();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode address = JsonMapper.builder().build().readTree(created.body());
        var to = io.stablerail.chain.address.EvmAddress.parse(address.path("address").asString());
        // the address is the dev-only seed's own key at m/44'/60'/{the merchant's account index}'/0/{index}
        int accountIndex = merchantAccountIndex(ports, merchantId);
        assertThat(to.checksummed()).isEqualTo(io.stablerail.chain.signer.LocalKeySigner.fromSeed(
                io.stablerail.chain.keys.HdKeys.seed(DEV_ONLY_DEPOSIT_MNEMONIC, ""),
                io.stablerail.chain.keys.CoinType.ETHEREUM, accountIndex, address.path("index").asInt())
                .evmAddress().checksummed());

        var token = io.stablerail.chain.address.EvmAddress.parse(devnets.getProperty("STABLERAIL_EVM_DEVNET_USDT"));
        var payer = io.stablerail.chain.signer.LocalKeySigner.fromSeed(org.web3j.crypto.MnemonicUtils.generateSeed(
                io.stablerail.devnet.evm.HardhatDevnet.DEVNET_MNEMONIC, ""), io.stablerail.chain.keys.CoinType.ETHEREUM,
                0, 1);
        java.math.BigInteger amount = java.math.BigInteger.valueOf(12_500_000);
        try (var client = new io.stablerail.chain.evm.EvmClient(new io.stablerail.chain.evm.EvmClientSettings(
                URI.create(devnets.getProperty("STABLERAIL_EVM_DEVNET_RPC")), Duration.ofSeconds(10), 1_000))) {
            var fees = (io.stablerail.chain.evm.FeeQuote.Eip1559) new io.stablerail.chain.evm.EvmFeeOracle(client,
                    new io.stablerail.chain.evm.EvmFeePolicy(5, 50, 2, java.math.BigInteger.TEN.pow(9),
                            java.math.BigInteger.TEN.pow(12))).quote();
            var transfer = org.web3j.crypto.RawTransaction.createTransaction(client.chainId(),
                    client.noncePending(payer.evmAddress()), client.estimateErc20Transfer(token, payer.evmAddress(), to,
                            amount), token.checksummed(), java.math.BigInteger.ZERO,
                    io.stablerail.chain.evm.EvmClient.erc20TransferData(to, amount), fees.maxPriorityFeePerGas(),
                    fees.maxFeePerGas());
            client.sendRawTransaction(io.stablerail.chain.signer.EvmTransactionSigning.sign(transfer, client.chainId(),
                    payer));
        }

        URI deposits = URI.create("http://127.0.0.1:" + ports.base() + "/v1/deposits");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode page = JsonMapper.builder().build().readTree(http.send(HttpRequest.newBuilder(deposits)
                            .header("Authorization", "Bearer " + demoKey).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    return "CREDITED".equals(page.path("deposits").path(0).path("status").asString());
                });
        Thread.sleep(3_000); // a duplicate anywhere in the pipeline would show by now
        JsonNode page = JsonMapper.builder().build().readTree(http.send(HttpRequest.newBuilder(deposits)
                .header("Authorization", "Bearer " + demoKey).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(page.path("deposits").size()).as("one deposit for one transfer").isEqualTo(1);
        assertThat(page.path("deposits").path(0).path("amount").asString()).isEqualTo("12.500000");
        HttpResponse<String> balances = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.base()
                + "/v1/balances")).header("Authorization", "Bearer " + demoKey).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(balances.body()).as("credited once").contains("\"available\":\"12.500000\"");
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    record Ports(int postgres, int kafka, int controller, int base) {
        /**
         * Every port below Linux's ephemeral range (32768 and up by default): the stack is stopped and started again on
         * the same ports, and a port in that range can be handed to an outgoing connection in between (a restart once
         * found gateway-api's management port, 37304, taken).
         */
        static Ports free() throws IOException {
            for (int attempt = 0; attempt < 50; attempt++) {
                int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
                // the six service ports, and gateway-api's management port (base + 10)
                if (Stream.iterate(base, p -> p + 1).limit(6).allMatch(Ports::bindable) && bindable(base + 10)) {
                    List<Integer> others = new ArrayList<>();
                    while (others.size() < 3) {
                        int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
                        if ((port < base || port > base + 10) && !others.contains(port) && bindable(port)) {
                            others.add(port);
                        }
                    }
                    return new Ports(others.get(0), others.get(1), others.get(2), base);
                }
            }
            throw new IllegalStateException("no six consecutive free ports found");
        }

        List<Integer> all() {
            List<Integer> ports = new ArrayList<>(List.of(postgres, kafka, controller));
            for (int i = 0; i < 6; i++) {
                ports.add(base + i);
            }
            ports.add(base + 10);
            return ports;
        }

        private static boolean bindable(int port) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

    }

    /** The dev-stack launcher as a child process, its output in {@code <data>/dev-stack.out}. */
    static final class Stack implements AutoCloseable {
        private final Process process;
        private final Ports ports;
        private final Path output;

        private Stack(Process process, Ports ports, Path output) {
            this.process = process;
            this.ports = ports;
            this.output = output;
        }

        static Stack start(Path data, Ports ports) throws IOException {
            return start(data, ports, Map.of());
        }

        /** Starts the launcher; its children inherit {@code environment} on top of this JVM's. */
        static Stack start(Path data, Ports ports, Map<String, String> environment) throws IOException {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path jar;
            try (Stream<Path> files = Files.list(root.resolve("dev-stack/target"))) {
                jar = files.filter(p -> p.toString().endsWith("-exec.jar")).findFirst().orElseThrow();
            }
            Path output = data.resolve("dev-stack.out");
            Files.createDirectories(data);
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    jar.toString(), "--root", root.toString(), "--data-dir", data.toString(),
                    "--postgres-port", String.valueOf(ports.postgres()), "--kafka-port", String.valueOf(ports.kafka()),
                    "--kafka-controller-port", String.valueOf(ports.controller()),
                    "--base-port", String.valueOf(ports.base()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.environment().putAll(environment);
            return new Stack(builder.start(), ports, output);
        }

        JsonNode awaitHealthy(Duration limit) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            URI uri = URI.create("http://127.0.0.1:" + ports.base() + "/ops/api/health");
            String last = "nothing";
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build()) {
                while (System.nanoTime() < deadline && process.isAlive()) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        last = response.statusCode() + " " + response.body();
                        if (response.statusCode() == 200) {
                            return JsonMapper.builder().build().readTree(response.body());
                        }
                    } catch (IOException e) {
                        last = e.toString();
                    }
                    Thread.sleep(1_000);
                }
            }
            throw new AssertionError("not healthy within " + limit + "; last answer: " + last + "\n"
                    + Files.readString(output));
        }

        void terminate() {
            process.destroy();
        }

        boolean exitedWithin(Duration limit) throws InterruptedException {
            return process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        }
    }

    private static String lastLogLine(Path data, String service) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("logs").resolve(service + ".log"));
        return lines.reversed().stream().filter(line -> !line.isBlank()).findFirst().orElse("");
    }

    private static int merchantAccountIndex(Ports ports, String merchantId) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/stablerail", "postgres", "postgres");
             var statement = connection.prepareStatement("SELECT account_index FROM gateway.merchant WHERE id = ?")) {
            statement.setString(1, merchantId);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("merchant " + merchantId + " in gateway.merchant").isTrue();
                return rows.getInt(1);
            }
        }
    }

    private static Instant firstMigrationTime(Ports ports) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/stablerail", "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT min(installed_on) FROM ledger.messaging_schema_history")) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        }
    }

    private static void produce(Ports ports, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.kafka(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(MARKER_TOPIC, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(Ports ports) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.kafka(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(MARKER_TOPIC).stream()
                    .map(p -> new TopicPartition(MARKER_TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && !end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
