package io.stablerail.confirmation.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.stablerail.events.transaction.TrackPurpose;
import org.springframework.stereotype.Component;

/**
 * The worker's meters: {@code stablerail.confirmation.latency} (detected → final, a histogram with percentiles, by
 * chain and purpose), {@code stablerail.confirmation.tracked} (gauge by chain and status), and
 * {@code stablerail.confirmation.outcomes} (counter by chain, outcome and reason — MISMATCH is the one to alert on).
 */
@Component
public class ConfirmationMetrics {

    private final MeterRegistry meters;
    private final MultiGauge tracked;

    public ConfirmationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.tracked = MultiGauge.builder("stablerail.confirmation.tracked")
                .description("tracked transactions by chain and status").register(meters);
    }

    void finalized(String chain, TrackPurpose purpose, Duration detectedToFinal) {
        Timer.builder("stablerail.confirmation.latency")
                .description("from detection (or broadcast) to finality")
                .tags("chain", chain, "purpose", purpose.name())
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(meters)
                .record(detectedToFinal.isNegative() ? Duration.ZERO : detectedToFinal);
    }

    void outcome(String chain, TrackingStatus status, String reason) {
        Counter.builder("stablerail.confirmation.outcomes")
                .tags("chain", chain, "outcome", status.name(), "reason", reason == null ? "none" : reason)
                .register(meters).increment();
    }

    void refreshTracked(Map<String, Map<TrackingStatus, Long>> counts, Iterable<String> chains) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String chain : chains) {
            Map<TrackingStatus, Long> byStatus = counts.getOrDefault(chain, Map.of());
            for (TrackingStatus status : TrackingStatus.values()) {
                rows.add(MultiGauge.Row.of(Tags.of("chain", chain, "status", status.name()),
                        byStatus.getOrDefault(status, 0L)));
            }
        }
        tracked.register(rows, true);
    }
}
