package io.stablerail.withdrawal.broadcast.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Which outcomes on the shared topic are withdrawal-service's: those of its attempts, transfers and self-sends. */
class ConfirmationConsumerTest {

    static EventEnvelope finalOf(TrackPurpose purpose) {
        return EventJson.read(EventJson.write(EventEnvelope.of(new TransactionFinal(purpose, "r-1", "ethereum", "0xab",
                5, "0x00", null, "0xa", "0xa", "0", null, "10", "wei"), Instant.EPOCH)));
    }

    @Test
    void theOutcomesOfItsAttemptsAreItsBusinessAndDepositsAreNot() {
        assertThat(ConfirmationConsumer.ours(finalOf(TrackPurpose.WITHDRAWAL))).isTrue();
        assertThat(ConfirmationConsumer.ours(finalOf(TrackPurpose.SELF_SEND))).isTrue();
        assertThat(ConfirmationConsumer.ours(EventEnvelope.of(new TransactionStuck(TrackPurpose.WITHDRAWAL, "r-2",
                "ethereum", "0x01", 7L, Instant.EPOCH, 50, 100), Instant.EPOCH))).isTrue();

        assertThat(ConfirmationConsumer.ours(finalOf(TrackPurpose.DEPOSIT))).isFalse();
        EventEnvelope known = finalOf(TrackPurpose.WITHDRAWAL);
        ObjectNode newer = ((ObjectNode) known.payload()).deepCopy().put("purpose", "SOMETHING_NEWER");
        assertThat(ConfirmationConsumer.ours(new EventEnvelope(known.eventId(), known.type(), known.version(),
                known.occurredAt(), known.aggregateId(), newer))).as("a purpose this release does not know").isFalse();
        assertThat(ConfirmationConsumer.ours(new EventEnvelope(known.eventId(), "transaction.track-requested",
                known.version(), known.occurredAt(), known.aggregateId(), JsonNodeFactory.instance.objectNode())))
                .isFalse();
    }
}
