package io.stablerail.confirmation.tracking.messaging;

import java.util.List;
import java.util.Set;

import io.stablerail.confirmation.tracking.Tracker;
import io.stablerail.events.MalformedEventException;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code stablerail.track-requests.v1}. The tracked row and the inbox row commit together, so a redelivered
 * request changes nothing. A request that can never be tracked (unknown chain or token, malformed values, another
 * transaction already tracked under its reference) goes straight to the dead-letter topic for ops; anything else
 * (database down) is retried within the messaging bounds, then dead-lettered. A poll's requests are stored in one
 * transaction ({@code Inbox.processBatch}); a refused one makes them go one by one, so only it is dead-lettered.
 */
@Component
class TrackRequestConsumer {

    static final String CONSUMER = "confirmation.track-requests";
    static final String TRACK_REQUESTED = "transaction.track-requested";

    private final Inbox inbox;
    private final Tracker tracker;

    TrackRequestConsumer(Inbox inbox, Tracker tracker) {
        this.inbox = inbox;
        this.tracker = tracker;
    }

    @KafkaListener(id = CONSUMER, groupId = "confirmation-worker.track-requests", batch = "true",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).TRACK_REQUESTS)}")
    void onTrackRequests(List<ConsumerRecord<String, String>> records) {
        inbox.processBatch(CONSUMER, records, Set.of(TRACK_REQUESTED), events -> {
            try {
                tracker.trackAll(events.stream()
                        .map(event -> new Tracker.Request(event.payloadAs(TrackRequest.class), event.eventId()))
                        .toList());
            } catch (IllegalArgumentException refused) {
                // in a batch of several, the batch rolls back and the requests go one by one: this names the one
                throw new MalformedEventException("track request" + (events.size() == 1
                        ? " " + events.getFirst().eventId() : "s") + " refused: " + refused.getMessage(), refused);
            }
        });
    }
}
