package io.stablerail.chain.rpc;

import java.time.Duration;

/**
 * Per-endpoint resilience: each call is cut at {@code timeout}; a retryable failure is retried up to
 * {@code attempts} times in all, waiting {@code initialBackoff} × 2ⁿ with ±50 % jitter; an endpoint whose recent
 * calls fail at {@code failureRatePercent} or more (over a window of {@code window} calls) is skipped for
 * {@code openFor}, then probed again.
 */
public record ResilienceSettings(Duration timeout, int attempts, Duration initialBackoff, int window,
        float failureRatePercent, Duration openFor) {

    public ResilienceSettings {
        if (timeout.isNegative() || timeout.isZero() || attempts < 1 || initialBackoff.isNegative() || window < 2
                || failureRatePercent <= 0 || failureRatePercent > 100 || openFor.isNegative()) {
            throw new IllegalArgumentException("invalid resilience settings");
        }
    }

    /** Production defaults: 10 s per call, 3 attempts from 200 ms, open at 50 % of 20 calls for 30 s. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(Duration.ofSeconds(10), 3, Duration.ofMillis(200), 20, 50f,
                Duration.ofSeconds(30));
    }
}
