package io.stablerail.gateway.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint is disabled after sustained failure: its latest attempts, since its last success, number at least
 * {@link #FAILURES_MIN} and the first of them is at least {@link #WINDOW} (3 days) old. So a single event retried on
 * the full schedule without any success disables it at the last attempt; one success resets the streak; a new
 * endpoint is never disabled before 3 days.
 */
public final class EndpointHealth {

    public static final Duration WINDOW = Duration.ofDays(3);
    /** How far back the dispatcher reads attempts to evaluate the rule. */
    public static final Duration LOOK_BACK = WINDOW.plusDays(1);
    public static final int FAILURES_MIN = 5;

    /** One attempt's outcome. */
    public record Outcome(Instant at, boolean succeeded) {
    }

    private EndpointHealth() {
    }

    /** @param recent the endpoint's attempts of the last {@link #LOOK_BACK}, oldest first */
    public static boolean shouldDisable(List<Outcome> recent, Instant now) {
        int lastSuccess = -1;
        for (int i = 0; i < recent.size(); i++) {
            if (recent.get(i).succeeded()) {
                lastSuccess = i;
            }
        }
        List<Outcome> failingStreak = recent.subList(lastSuccess + 1, recent.size());
        return failingStreak.size() >= FAILURES_MIN
                && !failingStreak.getFirst().at().isAfter(now.minus(WINDOW));
    }
}
