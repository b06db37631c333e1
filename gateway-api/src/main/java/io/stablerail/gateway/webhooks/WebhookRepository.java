package io.stablerail.gateway.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence port of merchant events, webhook endpoints, deliveries and attempts. */
public interface WebhookRepository {

    /** Inserts the event and a PENDING delivery for each enabled endpoint of the merchant that wants its type. */
    boolean insertEventWithDeliveries(MerchantEvent event, UUID sourceEventId, Instant firstAttemptAt);

    List<MerchantEvent> events(String merchantId, String startingAfter, int limit);

    Optional<MerchantEvent> event(String eventId);

    record Endpoint(String id, String merchantId, String url, List<String> eventTypes, String description,
                    String status, String disabledReason, Instant createdAt) {
    }

    void insertEndpoint(Endpoint endpoint, byte[] secretCiphertext);

    Optional<Endpoint> endpoint(String merchantId, String endpointId);

    List<Endpoint> endpoints(String merchantId, String startingAfter, int limit);

    byte[] secretCiphertext(String endpointId);

    void disableEndpoint(String endpointId, String reason, Instant at);

    /** A delivery claimed for sending: nobody else sends it until {@code lease} has passed. */
    record Claimed(String deliveryId, String endpointId, String url, int attempts, MerchantEvent event) {
    }

    List<Claimed> claimDue(Instant now, int limit, java.time.Duration lease);

    record Attempt(Instant attemptedAt, Integer statusCode, long latencyMs, String error, boolean succeeded) {
    }

    /** Records the attempt; the delivery becomes SUCCEEDED, PENDING again at {@code nextAttemptAt}, or FAILED. */
    void recordAttempt(String deliveryId, Attempt attempt, Instant nextAttemptAt);

    /** Outcomes of the endpoint's attempts since {@code since}, oldest first. */
    List<Attempt> attemptsOfEndpointSince(String endpointId, Instant since);

    record Delivery(String id, String eventId, String eventType, String status, int attempts, Instant nextAttemptAt,
                    Instant createdAt, List<Attempt> attemptLog) {
    }

    List<Delivery> deliveries(String merchantId, String endpointId, String startingAfter, int limit);

    /** Makes a delivery due now again (manual redelivery); false if it is not the merchant's. */
    boolean redeliver(String merchantId, String deliveryId, Instant now);
}
