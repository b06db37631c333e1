package io.stablerail.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.messaging.Backoff;
import io.stablerail.messaging.MessagingProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes pending outbox rows to Kafka in bounded batches. A row is deleted (or, with a retention, marked published)
 * only after the broker acknowledged it, so a crash between the two publishes it again (at-least-once; consumers
 * deduplicate through the inbox). Within a batch, rows of one key on one topic are sent one after the other and a
 * failure stops them, so one aggregate's events reach a topic (the key's partition) in order; different keys, and one
 * key's events on different topics — between which no consumer sees an order — go out concurrently. Only one instance
 * per schema relays at a time (PostgreSQL advisory lock).
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    public static final String HEADER_EVENT_ID = "stablerail_event_id";
    public static final String HEADER_EVENT_TYPE = "stablerail_event_type";

    private final OutboxStore store;
    private final KafkaTemplate<String, String> kafka;
    private final DataSource dataSource;
    private final MessagingProperties.Relay settings;
    private final Backoff backoff;
    private final Counter published;
    private final Counter failures;
    /** Runs the next send of a key's chain off the producer's I/O thread (virtual threads: cheap, no pool to size). */
    private final java.util.concurrent.Executor chainExecutor = java.util.concurrent.Executors
            .newVirtualThreadPerTaskExecutor();
    /** Where a tick starts reading: after the rows this relay has already published (see FetchBound). */
    private final FetchBound bound;

    public OutboxRelay(OutboxStore store, KafkaTemplate<String, String> kafka, DataSource dataSource,
                       MessagingProperties.Relay settings, MeterRegistry meters) {
        this.store = store;
        this.kafka = kafka;
        this.dataSource = dataSource;
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.bound = new FetchBound(settings.gapTimeout(), settings.fullScanInterval(), System::nanoTime);
        this.published = Counter.builder("stablerail.outbox.published").description("Outbox rows acknowledged by Kafka")
                .register(meters);
        this.failures = Counter.builder("stablerail.outbox.publish.failures")
                .description("Outbox rows the broker did not acknowledge (retried with backoff)").register(meters);
        Gauge.builder("stablerail.outbox.oldest.unpublished.age.seconds", this::oldestPendingAgeSeconds)
                .description("Age of the oldest outbox row not yet published; 0 when none").register(meters);
        Gauge.builder("stablerail.outbox.pending", store, OutboxStore::pendingCount)
                .description("Outbox rows not yet published").register(meters);
    }

    /** Outcome of one tick. */
    public record Tick(boolean lockHeld, int published, int failed) {
    }

    /** One relay tick: at most {@code batchesPerTick} batches of at most {@code batchSizeMax} rows. */
    public Tick relayOnce() {
        try (Connection lockConnection = dataSource.getConnection()) {
            if (!advisoryLock(lockConnection, "pg_try_advisory_lock")) {
                return new Tick(false, 0, 0);
            }
            try {
                return relayBatches();
            } finally {
                advisoryLock(lockConnection, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox relay could not reach the database", e);
        }
    }

    private Tick relayBatches() {
        int publishedTotal = 0;
        int failedTotal = 0;
        boolean anyWaiting = store.anyWaiting();
        long start = bound.startOfTick(anyWaiting);
        long afterId = start; // the tick's next batch after the previous one
        for (int batch = 0; batch < settings.batchesPerTick(); batch++) {
            List<PendingEvent> due = store.fetchDue(settings.batchSizeMax(), afterId, anyWaiting);
            if (due.isEmpty()) {
                break;
            }
            afterId = due.getLast().id(); // fetched in id order
            BatchResult result = publish(due);
            if (settings.retention().isZero()) {
                store.deletePublished(result.acknowledged());
            } else {
                store.markPublished(result.acknowledged());
            }
            bound.acknowledged(result.acknowledged());
            publishedTotal += result.acknowledged().size();
            failedTotal += result.failed().size();
            result.failed().forEach((event, error) -> store.markFailed(event.id(), error,
                    backoff.delay(event.attempts(), ThreadLocalRandom.current()::nextDouble)));
            if (due.size() < settings.batchSizeMax() || !result.failed().isEmpty()) {
                break;
            }
        }
        bound.endOfTick(start, anyWaiting, failedTotal > 0);
        return new Tick(true, publishedTotal, failedTotal);
    }

    private record BatchResult(List<Long> acknowledged, Map<PendingEvent, String> failed) {
    }

    private BatchResult publish(List<PendingEvent> due) {
        // one chain per topic and key: a key's partition of a topic, where order is kept
        Map<String, List<PendingEvent>> byKey = new LinkedHashMap<>();
        due.forEach(event -> byKey.computeIfAbsent(event.topic() + '\u0000' + event.key(), k -> new ArrayList<>())
                .add(event));
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, String> errors = new ConcurrentHashMap<>();
        CompletableFuture<?>[] chains = byKey.entrySet().stream()
                .map(entry -> sendInOrder(entry.getValue(), 0, acknowledged).exceptionally(error -> {
                    errors.put(entry.getKey(), String.valueOf(rootCause(error)));
                    return null;
                }))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(chains).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("outbox batch incomplete after {}: {}", settings.sendTimeout(), e.toString());
        }
        Set<Long> ackedIds = Set.copyOf(acknowledged);
        List<Long> acked = List.copyOf(ackedIds);
        Map<PendingEvent, String> failed = new LinkedHashMap<>();
        byKey.forEach((key, events) -> events.stream().filter(event -> !ackedIds.contains(event.id())).findFirst()
                .ifPresent(first -> failed.put(first, errors.getOrDefault(key,
                        "no broker acknowledgement within " + settings.sendTimeout()))));
        published.increment(acked.size());
        failures.increment(failed.size());
        return new BatchResult(acked, failed);
    }

    private CompletableFuture<Void> sendInOrder(List<PendingEvent> events, int index, Set<Long> acknowledged) {
        if (index == events.size()) {
            return CompletableFuture.completedFuture(null);
        }
        PendingEvent event = events.get(index);
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
        record.headers().add(HEADER_EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(HEADER_EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        // The next send must not run on the producer's I/O thread (where the acknowledgement completes): a send to a
        // topic whose metadata the producer has not cached yet waits for that same thread to fetch it, and would
        // block it for max.block.ms (60 s) — events of one key may go to several topics.
        return kafka.send(record).thenComposeAsync(sent -> {
            acknowledged.add(event.id());
            return sendInOrder(events, index + 1, acknowledged);
        }, chainExecutor);
    }

    /**
     * Deletes the rows published longer than the retention ago, window by window in id order from the beginning: at
     * most {@code cleanupWindowsMax} windows of {@code cleanupBatchMax} rows per run, and the run ends at the first
     * window that reaches rows still within the retention. Rows that are not due (a row still waiting for its retry, a
     * row published late) are stepped over, so they never hold the cleanup back. Returns the rows deleted.
     */
    public int cleanup() {
        return cleanupAfter(0);
    }

    /** {@link #cleanup()} from the rows after {@code afterId} (a test starts after the rows other tests left). */
    public int cleanupAfter(long afterId) {
        int deleted = 0;
        for (int window = 0; window < settings.cleanupWindowsMax(); window++) {
            OutboxStore.CleanupWindow result = store.cleanupWindow(settings.retention(), afterId,
                    settings.cleanupBatchMax());
            deleted += result.deleted();
            if (!result.more()) {
                break;
            }
            afterId = result.lastId();
        }
        return deleted;
    }

    private double oldestPendingAgeSeconds() {
        try {
            return store.oldestPendingCreatedAt()
                    .map(created -> Duration.between(created, java.time.Instant.now()).toMillis() / 1000.0)
                    .map(age -> Math.max(0, age)).orElse(0.0);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(hashtextextended(current_schema() || '.outbox-relay', 0))");
             ResultSet result = statement.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
