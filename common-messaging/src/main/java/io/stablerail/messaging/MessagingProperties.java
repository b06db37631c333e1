package io.stablerail.messaging;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Messaging settings ({@code stablerail.messaging.*}). Every loop, batch and retry is bounded here (DESIGN rule 11).
 *
 * @param topicPrefix prefix for every topic name; empty in production, unique per test class in tests
 * @param relay       outbox relay bounds
 * @param consumer    consumer retry bounds before the dead-letter topic
 * @param topics      topic creation settings
 */
@Validated
@ConfigurationProperties("stablerail.messaging")
public record MessagingProperties(
        @DefaultValue("") String topicPrefix,
        @Valid @NotNull @DefaultValue Relay relay,
        @Valid @NotNull @DefaultValue Consumer consumer,
        @Valid @NotNull @DefaultValue TopicSettings topics) {

    /**
     * @param enabled          whether this instance runs the relay (one instance relays at a time: advisory lock)
     * @param interval         pause between relay ticks
     * @param batchSizeMax     rows read and sent per batch
     * @param batchesPerTick   batches per tick before yielding
     * @param sendTimeout      how long a batch waits for broker acknowledgements
     * @param backoffInitial   delay before the first retry of a row the broker did not acknowledge
     * @param backoffMax       cap of the exponential backoff; a row is retried forever at most this far apart
     * @param retention        how long a published row stays in the outbox. Zero (the default): the relay deletes it
     *                         once the broker acknowledged it — the outbox is a queue; what was published is on the
     *                         topic. Positive: the relay marks it published and the cleanup deletes it this long after
     *                         (to inspect what a service published, as the services' integration tests do); each mark
     *                         writes the row anew, several times the cost of a delete. The cleanup runs either way, so
     *                         rows marked under a positive retention (or by an earlier release) still go
     * @param cleanupBatchMax  rows read (and those due deleted) per cleanup statement: a window of the table, in id
     *                         order
     * @param cleanupWindowsMax windows per cleanup run (once a minute): the default 100 × 5,000 deletes up to 500,000
     *                         rows a minute, ~8,300 a second, above the events a service writes at its design rate;
     *                         a run ends early at the first window that reaches rows still within the retention
     * @param wakeDelay        after a commit that wrote events, the relay runs this much later (not at its next tick):
     *                         the commits of that window share one run, so a busy service does not pay a relay run
     *                         (lock, read, publish, mark) per commit
     * @param gapTimeout       how long a missing id holds the relay's low-water mark before it is taken for a rollback
     *                         (ids are dense; a row committed later than this is found by the next full scan)
     * @param fullScanInterval a tick reads the outbox from the beginning at least this often, not only from the mark
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("200ms") Duration interval,
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSizeMax,
            @Min(1) @Max(1_000) @DefaultValue("20") int batchesPerTick,
            @NotNull @DefaultValue("10s") Duration sendTimeout,
            @NotNull @DefaultValue("500ms") Duration backoffInitial,
            @NotNull @DefaultValue("5m") Duration backoffMax,
            @NotNull @DefaultValue("0s") Duration retention,
            @Min(1) @Max(100_000) @DefaultValue("5000") int cleanupBatchMax,
            @Min(1) @Max(10_000) @DefaultValue("100") int cleanupWindowsMax,
            @NotNull @DefaultValue("20ms") Duration wakeDelay,
            @NotNull @DefaultValue("2s") Duration gapTimeout,
            @NotNull @DefaultValue("5s") Duration fullScanInterval) {
    }

    /**
     * @param attemptsMax    deliveries of one record (first try included) before it goes to the dead-letter topic
     * @param backoffInitial delay before the second attempt; doubles each time
     * @param backoffMax     cap of that delay
     */
    public record Consumer(
            @Min(1) @Max(100) @DefaultValue("5") int attemptsMax,
            @NotNull @DefaultValue("200ms") Duration backoffInitial,
            @NotNull @DefaultValue("10s") Duration backoffMax) {
    }

    /**
     * @param create            whether the service declares its topics and their DLTs at start-up
     * @param partitions        partitions of each declared topic
     * @param replicationFactor replicas of each declared topic (1 locally, 3 in production)
     */
    public record TopicSettings(
            @DefaultValue("true") boolean create,
            @Min(1) @Max(1_000) @DefaultValue("3") int partitions,
            @Min(1) @Max(5) @DefaultValue("1") short replicationFactor) {
    }
}
