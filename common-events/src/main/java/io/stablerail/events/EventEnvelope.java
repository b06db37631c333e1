package io.stablerail.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The envelope every event travels in (DESIGN §5). Serialized as JSON with snake_case names:
 * {@code event_id, type, version, occurred_at, aggregate_id, payload}. The Kafka record key is
 * {@link #aggregateId()}, so one aggregate's events stay ordered on one partition.
 *
 * @param eventId     unique id of this fact; consumers deduplicate on it (inbox)
 * @param type        event type, e.g. {@code deposit.confirmed}
 * @param version     schema version of the payload for this type
 * @param occurredAt  when the fact happened (not when it was published)
 * @param aggregateId id of the aggregate the event belongs to; the partition key
 * @param payload     the event body; consumers ignore fields they do not know
 */
public record EventEnvelope(UUID eventId, String type, int version, Instant occurredAt, String aggregateId,
                            JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        requireText(type, "type");
        requireText(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    /**
     * Wraps a domain event in a new envelope with a fresh event id ({@link TimeOrderedIds}: random, and later than the
     * ids made before it).
     */
    public static EventEnvelope of(DomainEvent event, Instant occurredAt) {
        return of(TimeOrderedIds.next(), event, occurredAt);
    }

    /** Wraps a domain event in an envelope with a caller-chosen (e.g. derived, deterministic) event id. */
    public static EventEnvelope of(UUID eventId, DomainEvent event, Instant occurredAt) {
        return new EventEnvelope(eventId, event.type(), event.version(), occurredAt, event.aggregateId(),
                EventJson.toTree(event));
    }

    /** Reads the payload as the given record type, ignoring unknown fields. */
    public <T> T payloadAs(Class<T> type) {
        return EventJson.fromTree(payload, type);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
