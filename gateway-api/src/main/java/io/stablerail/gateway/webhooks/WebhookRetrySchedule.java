package io.stablerail.gateway.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: after attempt n the delay is {@link #DELAYS}[n-1] plus 0-25 % jitter (never
 * shorter, so the schedule always spans at least 3 days); after {@link #ATTEMPTS_MAX} attempts the delivery has failed
 * for good. The last attempt comes 3 days 3 h 36 min to 3 days 22 h after the first (table in docs/webhooks.md).
 */
public final class WebhookRetrySchedule {

    public static final List<Duration> DELAYS = List.of(
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(12),
            Duration.ofHours(18), Duration.ofHours(18));
    public static final int ATTEMPTS_MAX = DELAYS.size() + 1;

    private WebhookRetrySchedule() {
    }

    /**
     * @param attemptsSoFar attempts made, the one that just failed included (≥ 1)
     * @return when to try again, or empty when the delivery has used all its attempts
     */
    public static Optional<Instant> nextAttemptAt(int attemptsSoFar, Instant lastAttemptAt, DoubleSupplier random) {
        if (attemptsSoFar < 1 || attemptsSoFar >= ATTEMPTS_MAX) {
            return Optional.empty();
        }
        Duration base = DELAYS.get(attemptsSoFar - 1);
        double jitter = 1.0 + random.getAsDouble() * 0.25;
        return Optional.of(lastAttemptAt.plusMillis(Math.round(base.toMillis() * jitter)));
    }

    /** Sum of the delays without jitter: how long after the first attempt the last one comes. */
    public static Duration span() {
        return DELAYS.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
