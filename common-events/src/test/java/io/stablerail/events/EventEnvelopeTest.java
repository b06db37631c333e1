package io.stablerail.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    record SomethingHappened(String somethingId, String amount) implements DomainEvent {
        @Override
        public String type() {
            return "something.happened";
        }

        @Override
        public String aggregateId() {
            return somethingId;
        }
    }

    record SomethingHappenedV0(String somethingId) {
    }

    @Test
    void serializesWithSnakeCaseNamesAndIsoInstant() {
        UUID id = UUID.fromString("6f1c1b3e-0000-4000-8000-000000000001");
        EventEnvelope envelope = EventEnvelope.of(id, new SomethingHappened("s-1", "12.50"),
                Instant.parse("2026-11-21T10:15:30Z"));

        String json = EventJson.write(envelope);

        assertThat(json).isEqualTo("{\"event_id\":\"6f1c1b3e-0000-4000-8000-000000000001\","
                + "\"type\":\"something.happened\",\"version\":1,\"occurred_at\":\"2026-11-21T10:15:30Z\","
                + "\"aggregate_id\":\"s-1\",\"payload\":{\"something_id\":\"s-1\",\"amount\":\"12.50\"}}");
    }

    @Test
    void roundTripsAndReadsPayloadAsRecord() {
        EventEnvelope envelope = EventEnvelope.of(new SomethingHappened("s-2", "1"), Instant.EPOCH);

        EventEnvelope read = EventJson.read(EventJson.write(envelope));

        assertThat(read).isEqualTo(envelope);
        assertThat(read.payloadAs(SomethingHappened.class)).isEqualTo(new SomethingHappened("s-2", "1"));
    }

    @Test
    void consumersIgnoreUnknownFieldsInEnvelopeAndPayload() {
        String json = "{\"event_id\":\"6f1c1b3e-0000-4000-8000-000000000002\",\"type\":\"something.happened\","
                + "\"version\":2,\"occurred_at\":\"2026-11-21T10:15:30Z\",\"aggregate_id\":\"s-3\","
                + "\"trace\":\"abc\",\"payload\":{\"something_id\":\"s-3\",\"new_field\":42}}";

        EventEnvelope read = EventJson.read(json);

        assertThat(read.version()).isEqualTo(2);
        assertThat(read.payloadAs(SomethingHappenedV0.class)).isEqualTo(new SomethingHappenedV0("s-3"));
    }

    @Test
    void malformedEnvelopesAreRejectedWithAReason() {
        assertThatThrownBy(() -> EventJson.read("not json"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("{\"event_id\":\"6f1c1b3e-0000-4000-8000-000000000002\","
                + "\"type\":\"\",\"version\":1,\"occurred_at\":\"2026-11-21T10:15:30Z\",\"aggregate_id\":\"a\","
                + "\"payload\":{}}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("type must not be blank");
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"x\",\"version\":1}"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void deadLetterTopicNaming() {
        assertThat(Topics.deadLetterOf(Topics.LEDGER)).isEqualTo("stablerail.ledger.v1.DLT");
        assertThat(Topics.isDeadLetter("stablerail.ledger.v1.DLT")).isTrue();
        assertThatThrownBy(() -> Topics.deadLetterOf("stablerail.ledger.v1.DLT"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
