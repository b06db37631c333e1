package io.stablerail.events;

/**
 * A fact published by a service. Implementations are records named in the past tense; their
 * components become the envelope payload.
 */
public interface DomainEvent {

    /** Stable type name, e.g. {@code withdrawal.broadcast}. */
    String type();

    /** Payload schema version of this type. Increase when a field changes meaning or is removed. */
    default int version() {
        return 1;
    }

    /** Id of the aggregate this fact is about; it is the Kafka key. */
    String aggregateId();
}
