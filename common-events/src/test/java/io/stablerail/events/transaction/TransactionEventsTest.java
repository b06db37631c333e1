package io.stablerail.events.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import org.junit.jupiter.api.Test;

/** The wire form of the tracking events: snake_case names, enums by name, keyed by the reference. */
class TransactionEventsTest {

    @Test
    void trackRequestTravelsWithSnakeCaseFieldsKeyedByReference() {
        TrackRequest request = new TrackRequest(TrackPurpose.WITHDRAWAL, "att-1", "tron", "ab12", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                "THot", "TDest", "12500000", null, null, 1_700_000_060_000L, Instant.parse("2026-11-21T10:00:00Z"), null);
        EventEnvelope envelope = EventEnvelope.of(request, Instant.parse("2026-11-21T10:00:01Z"));

        String json = EventJson.write(envelope);

        assertThat(envelope.aggregateId()).isEqualTo("att-1");
        assertThat(envelope.type()).isEqualTo("transaction.track-requested");
        assertThat(json).contains("\"purpose\":\"WITHDRAWAL\"", "\"tx_hash\":\"ab12\"", "\"token_contract\":",
                "\"expiration_millis\":1700000060000", "\"broadcast_at\":\"2026-11-21T10:00:00Z\"",
                "\"amount\":\"12500000\"");
        assertThat(EventJson.read(json).payloadAs(TrackRequest.class)).isEqualTo(request);
    }

    @Test
    void aDepositRequestCarriesItsBlockAndARequestWrittenBeforeTheFieldExistedStillParses() {
        TrackRequest deposit = new TrackRequest(TrackPurpose.DEPOSIT, "dep-1", "tron", "ab12",
                "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", null, "TDest", "5", 0L, null, null,
                Instant.parse("2026-11-21T10:00:00Z"), 81_234_567L);
        String json = EventJson.write(EventEnvelope.of(deposit, Instant.parse("2026-11-21T10:00:01Z")));
        assertThat(json).contains("\"block_number\":81234567");
        assertThat(EventJson.read(json).payloadAs(TrackRequest.class)).isEqualTo(deposit);

        String withoutBlock = json.replace(",\"block_number\":81234567", "");
        assertThat(withoutBlock).as("the old wire form").doesNotContain("block_number");
        TrackRequest old = EventJson.read(withoutBlock).payloadAs(TrackRequest.class);
        assertThat(old.blockNumber()).isNull();
        assertThat(old.reference()).isEqualTo("dep-1");
        assertThat(old.logIndex()).isZero();
    }

    @Test
    void outcomesAreTypedAndKeyedByReference() {
        var finalEvent = new TransactionFinal(TrackPurpose.DEPOSIT, "dep-1", "ethereum", "0xaa", 10, "0xbb", "0xcc",
                "0xdd", "0xee", "5", 3L, "21000", "wei");
        var failed = new TransactionFailed(TrackPurpose.WITHDRAWAL, "att-2", "tron", "cd", FailureReason.REVERTED,
                "REVERT opcode executed", 11, "0000", "1200", "sun");
        var dropped = new TransactionDropped(TrackPurpose.WITHDRAWAL, "att-3", "tron", "ef", DropReason.EXPIRED,
                "expired", 99);
        var stuck = new TransactionStuck(TrackPurpose.WITHDRAWAL, "att-4", "ethereum", "0x01", 7L, Instant.EPOCH, 50,
                1_000);

        assertThat(EventEnvelope.of(finalEvent, Instant.EPOCH).type()).isEqualTo("transaction.final");
        assertThat(EventEnvelope.of(failed, Instant.EPOCH).type()).isEqualTo("transaction.failed");
        assertThat(EventEnvelope.of(dropped, Instant.EPOCH).type()).isEqualTo("transaction.dropped");
        assertThat(EventEnvelope.of(stuck, Instant.EPOCH).type()).isEqualTo("transaction.stuck");
        EventEnvelope read = EventJson.read(EventJson.write(EventEnvelope.of(failed, Instant.EPOCH)));
        assertThat(read.aggregateId()).isEqualTo("att-2");
        assertThat(read.payloadAs(TransactionFailed.class)).isEqualTo(failed);
        assertThat(read.payload().get("reason").asString()).isEqualTo("REVERTED");
    }

    @Test
    void aSelfSendIsTrackedAndReportedFinalWithoutTokenOrLog() {
        var request = new TrackRequest(TrackPurpose.SELF_SEND, "att-5", "ethereum", "0x02", null, "0xwallet",
                "0xwallet", "0", null, 12L, null, Instant.EPOCH, null);
        var done = new TransactionFinal(TrackPurpose.SELF_SEND, "att-5", "ethereum", "0x02", 10, "0xbb", null,
                "0xwallet", "0xwallet", "0", null, "21000", "wei");

        EventEnvelope readRequest = EventJson.read(EventJson.write(EventEnvelope.of(request, Instant.EPOCH)));
        EventEnvelope readFinal = EventJson.read(EventJson.write(EventEnvelope.of(done, Instant.EPOCH)));

        assertThat(readRequest.payloadAs(TrackRequest.class)).isEqualTo(request);
        assertThat(readRequest.payload().get("purpose").asString()).isEqualTo("SELF_SEND");
        assertThat(readFinal.payloadAs(TransactionFinal.class)).isEqualTo(done);
        assertThat(readFinal.payloadAs(TransactionFinal.class).logIndex()).isNull();
    }
}
