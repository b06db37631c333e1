package io.stablerail.deposit.deposits.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import org.junit.jupiter.api.Test;

/** Which outcomes on the shared topic are deposit-service's: deposits' verdicts only. */
class ConfirmationOutcomeConsumerTest {

    static EventEnvelope finalOf(TrackPurpose purpose) {
        return EventJson.read(EventJson.write(EventEnvelope.of(new TransactionFinal(purpose, "r-1", "tron", "ab", 5,
                "00", "T1", "T2", "T3", "1", 0L, "10", "sun"), Instant.EPOCH)));
    }

    @Test
    void onlyTheVerdictsOfDepositsAreItsBusiness() {
        assertThat(ConfirmationOutcomeConsumer.ours(finalOf(TrackPurpose.DEPOSIT))).isTrue();
        assertThat(ConfirmationOutcomeConsumer.ours(EventEnvelope.of(new TransactionDropped(TrackPurpose.DEPOSIT,
                "r-2", "tron", "ab", DropReason.EXPIRED, "expired", 9), Instant.EPOCH))).isTrue();

        assertThat(ConfirmationOutcomeConsumer.ours(finalOf(TrackPurpose.WITHDRAWAL))).isFalse();
        assertThat(ConfirmationOutcomeConsumer.ours(finalOf(TrackPurpose.SELF_SEND))).isFalse();
        assertThat(ConfirmationOutcomeConsumer.ours(EventEnvelope.of(new TransactionStuck(TrackPurpose.DEPOSIT,
                "r-3", "ethereum", "0x01", null, Instant.EPOCH, 50, 100), Instant.EPOCH))).as("a type it has no use for")
                .isFalse();
    }
}
