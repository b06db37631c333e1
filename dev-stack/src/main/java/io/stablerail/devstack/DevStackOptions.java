package io.stablerail.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line options of the local stack. Defaults match the services' own defaults, so a service started by hand
 * (from an IDE) finds the stack's PostgreSQL and Kafka.
 *
 * @param root                repository root, where each service's {@code target/*-exec.jar} is found
 * @param dataDirectory       where PostgreSQL, Kafka and the service logs keep their files across restarts
 * @param postgresPort        PostgreSQL port on 127.0.0.1
 * @param kafkaPort           Kafka broker port on 127.0.0.1
 * @param kafkaControllerPort Kafka KRaft controller port on 127.0.0.1
 * @param basePort            gateway port; the other services take the next five
 * @param startupTimeout      how long the stack may take to become healthy
 */
public record DevStackOptions(Path root, Path dataDirectory, int postgresPort, int kafkaPort, int kafkaControllerPort,
                              int basePort, Duration startupTimeout) {

    static final String USAGE = """
            usage: dev-stack [--root DIR] [--data-dir DIR] [--postgres-port N] [--kafka-port N]
                             [--kafka-controller-port N] [--base-port N] [--startup-timeout SECONDS]
            defaults: --root . --data-dir <root>/.data --postgres-port 5432 --kafka-port 9092
                      --kafka-controller-port 9093 --base-port 8080 --startup-timeout 180""";

    public static DevStackOptions parse(String... args) {
        Path root = Path.of(".");
        Path data = null;
        int postgres = 5432;
        int kafka = 9092;
        int controller = 9093;
        int base = 8080;
        int timeout = 180;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--root" -> root = Path.of(value);
                case "--data-dir" -> data = Path.of(value);
                case "--postgres-port" -> postgres = port(flag, value);
                case "--kafka-port" -> kafka = port(flag, value);
                case "--kafka-controller-port" -> controller = port(flag, value);
                case "--base-port" -> base = port(flag, value);
                case "--startup-timeout" -> timeout = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        Path absoluteRoot = root.toAbsolutePath().normalize();
        return new DevStackOptions(absoluteRoot, data == null ? absoluteRoot.resolve(".data") : data.toAbsolutePath(),
                postgres, kafka, controller, base, Duration.ofSeconds(timeout));
    }

    private static int port(String flag, String value) {
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65_535 - 5) {
            throw new IllegalArgumentException(flag + " must be a TCP port, was " + value);
        }
        return port;
    }
}
