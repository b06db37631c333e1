package io.stablerail.gateway.ops;

/**
 * The health of one service as ops see it.
 *
 * @param name      the service, e.g. {@code ledger-service}
 * @param status    {@code UP} or {@code DOWN}
 * @param reason    why it is DOWN (unreachable, timeout, which component is down); {@code null} when UP
 * @param latencyMs how long the health call took
 */
public record ServiceHealth(String name, String status, String reason, long latencyMs) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public static ServiceHealth up(String name, long latencyMs) {
        return new ServiceHealth(name, UP, null, latencyMs);
    }

    public static ServiceHealth down(String name, String reason, long latencyMs) {
        return new ServiceHealth(name, DOWN, reason, latencyMs);
    }

    public boolean isUp() {
        return UP.equals(status);
    }
}
