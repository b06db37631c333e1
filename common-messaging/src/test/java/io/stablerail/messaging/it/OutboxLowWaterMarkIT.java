package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.messaging.MessagingProperties;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.messaging.outbox.OutboxRelay;
import io.stablerail.messaging.outbox.OutboxStore;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay reads from its low-water mark, not from the beginning (FetchBound): a row whose transaction took its id
 * before a later row was published, and committed after, is still published — at once while its gap holds the mark,
 * by the next full scan once the gap was taken for a rollback. Ticks are run by hand, so nothing depends on timing but
 * the two settings each test gives its relay.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.enabled=false")
class OutboxLowWaterMarkIT {

    @Autowired Outbox outbox;
    @Autowired OutboxStore store;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DataSource dataSource;
    @Autowired MessagingProperties properties;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transaction;

    @Test
    void aRowCommittedAfterALaterRowWasPublishedIsPublishedByTheNextTickFromTheMark() throws Exception {
        OutboxRelay relay = relay(Duration.ofHours(1), Duration.ofHours(1)); // no full scan after the first tick
        relay.relayOnce();

        try (OpenTransaction late = OpenTransaction.appending(transaction, outbox, event("late"))) {
            EventEnvelope later = event("later");
            transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, later));
            assertThat(relay.relayOnce().published()).isEqualTo(1);
            assertThat(published(later)).isTrue();

            late.commit();
            assertThat(id(late.event())).isLessThan(id(later)); // took its id first, committed last
            assertThat(relay.relayOnce().published()).isEqualTo(1);
            assertThat(published(late.event())).isTrue();
        }
    }

    @Test
    void aGapTakenForARollbackHidesALateRowOnlyUntilTheNextFullScan() throws Exception {
        Duration fullScan = Duration.ofSeconds(5);
        OutboxRelay relay = relay(Duration.ofMillis(100), fullScan);
        relay.relayOnce(); // the first tick reads from the beginning
        long fullScanAt = System.nanoTime();

        try (OpenTransaction late = OpenTransaction.appending(transaction, outbox, event("late, slow"))) {
            EventEnvelope first = event("first");
            transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, first));
            relay.relayOnce();
            Thread.sleep(200); // the gap outlives the gap timeout
            EventEnvelope second = event("second");
            transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, second));
            relay.relayOnce(); // the mark passes the gap

            late.commit();
            assertThat(id(late.event())).isLessThan(id(first));
            assertThat(System.nanoTime() - fullScanAt).as("this test's premise: no full scan due yet")
                    .isLessThan(fullScan.toNanos());
            assertThat(relay.relayOnce().published()).isZero();
            assertThat(published(late.event())).isFalse();

            Thread.sleep(Math.max(0, (fullScanAt + fullScan.toNanos() - System.nanoTime()) / 1_000_000 + 50));
            assertThat(relay.relayOnce().published()).isEqualTo(1);
            assertThat(published(late.event())).isTrue();
        }
    }

    /** Published rows are kept (marked), so the test can compare their ids; the mark moves as with deletes. */
    private OutboxRelay relay(Duration gapTimeout, Duration fullScanInterval) {
        MessagingProperties.Relay r = properties.relay();
        return new OutboxRelay(store, kafka, dataSource, new MessagingProperties.Relay(r.enabled(), r.interval(),
                r.batchSizeMax(), r.batchesPerTick(), r.sendTimeout(), r.backoffInitial(), r.backoffMax(),
                Duration.ofHours(1), r.cleanupBatchMax(), r.cleanupWindowsMax(), r.wakeDelay(), gapTimeout,
                fullScanInterval),
                new SimpleMeterRegistry());
    }

    private static EventEnvelope event(String what) {
        return EventEnvelope.of(TestEvent.normal("acct-mark", what), Instant.now());
    }

    private boolean published(EventEnvelope event) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published_at IS NOT NULL FROM outbox_event "
                + "WHERE event_id = ?", Boolean.class, event.eventId()));
    }

    private long id(EventEnvelope event) {
        Long id = jdbc.queryForObject("SELECT id FROM outbox_event WHERE event_id = ?", Long.class, event.eventId());
        return id == null ? -1 : id;
    }

    /** A transaction that appended an event (so its row has an id) and commits only when told to. */
    private record OpenTransaction(EventEnvelope event, CountDownLatch release, CompletableFuture<Void> done)
            implements AutoCloseable {

        static OpenTransaction appending(TransactionTemplate transaction, Outbox outbox, EventEnvelope event)
                throws InterruptedException {
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
                outbox.append(Topics.DEPOSITS, event);
                appended.countDown();
                try {
                    if (!commit.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the transaction commit");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
            if (!appended.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the event was not appended");
            }
            return new OpenTransaction(event, commit, done);
        }

        void commit() throws Exception {
            release.countDown();
            done.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
