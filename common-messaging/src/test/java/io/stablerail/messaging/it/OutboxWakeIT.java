package io.stablerail.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay publishes right after the commit that wrote an event, not at its next tick (here an hour away); a
 * transaction that rolls back publishes nothing.
 */
@EmbeddedInfra
@SpringBootTest(classes = MessagingTestApplication.class, properties = "stablerail.messaging.relay.interval=1h")
class OutboxWakeIT {

    @Autowired Outbox outbox;
    @Autowired TransactionTemplate transaction;
    @Autowired JdbcTemplate jdbc;

    @Test
    void anEventIsPublishedRightAfterItsCommitAndARolledBackOneNever() {
        EventEnvelope committed = EventEnvelope.of(TestEvent.normal("acct-w", "committed"), Instant.now());
        EventEnvelope rolledBack = EventEnvelope.of(TestEvent.normal("acct-w", "rolled back"), Instant.now());

        transaction.executeWithoutResult(status -> {
            outbox.append(Topics.DEPOSITS, rolledBack);
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> outbox.append(Topics.DEPOSITS, committed));

        await().atMost(Duration.ofSeconds(20)).until(() -> MessagingTestSupport.effectsOf(jdbc, committed.eventId()) == 1);
        assertThat(MessagingTestSupport.effectsOf(jdbc, rolledBack.eventId())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_id = ?", Integer.class,
                rolledBack.eventId())).isZero();
    }
}
