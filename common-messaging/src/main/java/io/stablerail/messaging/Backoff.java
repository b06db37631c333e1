package io.stablerail.messaging;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with a cap and ±20 % jitter: {@code min(max, initial × 2^attempts) × U(0.8, 1.2)}. Jitter keeps
 * many retrying rows or hosts from moving in lock-step.
 *
 * @param initial delay after the first failure
 * @param max     cap of the delay before jitter
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** Delay before the next attempt after {@code failuresSoFar} failures (0 for the first retry). */
    public Duration delay(int failuresSoFar, DoubleSupplier uniform01) {
        long cap = max.toMillis();
        long exponential = initial.toMillis() << Math.min(Math.max(failuresSoFar, 0), 30);
        long base = exponential <= 0 ? cap : Math.min(cap, exponential);
        double jitter = 0.8 + uniform01.getAsDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
    }
}
