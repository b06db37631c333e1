package io.stablerail.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class DevStackOptionsTest {

    @Test
    void defaultsMatchTheServicesOwnDefaults() {
        DevStackOptions options = DevStackOptions.parse();

        assertThat(options.postgresPort()).isEqualTo(5432);
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.basePort()).isEqualTo(8080);
        assertThat(options.dataDirectory()).isEqualTo(Path.of(".data").toAbsolutePath().normalize());
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void parsesEveryOption() {
        DevStackOptions options = DevStackOptions.parse("--root", "/tmp/r", "--data-dir", "/tmp/d",
                "--postgres-port", "15432", "--kafka-port", "19092", "--kafka-controller-port", "19093",
                "--base-port", "18080", "--startup-timeout", "60");

        assertThat(options).isEqualTo(new DevStackOptions(Path.of("/tmp/r"), Path.of("/tmp/d"), 15432, 19092, 19093,
                18080, Duration.ofSeconds(60)));
    }

    @Test
    void rejectsUnknownOptionsAndBadPortsWithUsage() {
        assertThatThrownBy(() -> DevStackOptions.parse("--bogus", "1")).hasMessageContaining("usage:");
        assertThatThrownBy(() -> DevStackOptions.parse("--base-port", "70000")).hasMessageContaining("TCP port");
        assertThatThrownBy(() -> DevStackOptions.parse("--kafka-port")).hasMessageContaining("missing value");
    }

    @Test
    void sixServicesOnConsecutivePortsGatewayFirst() {
        assertThat(DevStack.SERVICES).containsExactly(
                java.util.Map.entry("gateway-api", 0), java.util.Map.entry("deposit-service", 1),
                java.util.Map.entry("withdrawal-service", 2), java.util.Map.entry("confirmation-worker", 3),
                java.util.Map.entry("settlement-service", 4), java.util.Map.entry("ledger-service", 5));
    }
}
