package io.stablerail.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofMinutes(5));

    @Test
    void doublesFromInitialWithoutJitterAtTheMidpoint() {
        assertThat(backoff.delay(0, () -> 0.5)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(4, () -> 0.5)).isEqualTo(Duration.ofMillis(8000));
    }

    @Test
    void isCappedEvenForHugeAttemptCounts() {
        assertThat(backoff.delay(20, () -> 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(Integer.MAX_VALUE, () -> 0.5)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delay(1, () -> 0.999_999)).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
