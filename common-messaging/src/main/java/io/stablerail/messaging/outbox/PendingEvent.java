package io.stablerail.messaging.outbox;

import java.util.UUID;

/** An outbox row not yet acknowledged by the broker. */
public record PendingEvent(long id, UUID eventId, String topic, String key, String type, String payload, int attempts) {
}
