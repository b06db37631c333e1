package io.stablerail.deposit.webhooks;

import java.util.List;
import java.util.Optional;

/** Persistence port of raw provider events. Every method joins the caller's transaction. */
public interface RawEventStore {

    /** Stores the event unless (provider, event id) is already stored; returns its row id and whether it is new. */
    Stored store(String provider, String providerEventId, String body);

    record Stored(long id, boolean created) {
    }

    /** The event, locked, if it is not processed yet and no one else holds it. */
    Optional<RawProviderEvent> lockUnprocessed(long id);

    void markProcessed(long id);

    void markFailed(long id, String error);

    /** Ids of unprocessed events with fewer than {@code attemptsMax} attempts, oldest first. */
    List<Long> pending(int limit, int attemptsMax);
}
