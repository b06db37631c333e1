package io.stablerail.gateway.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.stablerail.gateway.Tokens;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchant events and webhook endpoints: register an endpoint (target checked, secret generated and shown once,
 * stored encrypted), list, disable, read the delivery log, redeliver, and record events with their deliveries.
 */
@Service
public class Webhooks {

    public static final int LIST_LIMIT_MAX = 100;

    private final WebhookRepository repository;
    /** Protects signing secrets at rest; null when the platform has no key (webhooks disabled). */
    private final SecretBox secretBox;
    private final WebhookTargetPolicy targets;
    private final Clock clock;

    public Webhooks(WebhookRepository repository, WebhookProperties properties, WebhookTargetPolicy targets,
                    Clock clock) {
        this.repository = repository;
        this.secretBox = properties.secretKey().isBlank() ? null : new SecretBox(properties.secretKey());
        this.targets = targets;
        this.clock = clock;
    }

    /** A registered endpoint and its signing secret, shown this once. {@link #toString()} hides the secret. */
    public record Registered(WebhookRepository.Endpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "Registered[endpoint=" + endpoint + ", secret=<redacted>]";
        }
    }

    @Transactional
    public Registered register(String merchantId, String url, List<String> eventTypes, String description) {
        SecretBox box = secretBox();
        if (eventTypes == null || eventTypes.isEmpty() || eventTypes.size() > 50
                || eventTypes.stream().anyMatch(t -> t == null || !t.matches("\\*|[a-z_]+\\.[a-z_.]+"))) {
            throw new IllegalArgumentException("event_types: 1-50 types like deposit.confirmed, or \"*\"");
        }
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
        targets.checkAtRegistration(target);
        String secret = "whsec_" + Tokens.randomAlphanumeric(32);
        WebhookRepository.Endpoint endpoint = new WebhookRepository.Endpoint("we_" + Tokens.randomAlphanumeric(24),
                merchantId,
                target.toString(), List.copyOf(eventTypes), description, "ENABLED", null, clock.instant());
        repository.insertEndpoint(endpoint, box.seal(secret.getBytes(StandardCharsets.UTF_8)));
        return new Registered(endpoint, secret);
    }

    public List<WebhookRepository.Endpoint> endpoints(String merchantId, String startingAfter, int limit) {
        return repository.endpoints(merchantId, startingAfter, limit);
    }

    @Transactional
    public WebhookRepository.Endpoint disable(String merchantId, String endpointId) {
        repository.endpoint(merchantId, endpointId).orElseThrow(() -> new UnknownWebhookException(endpointId));
        repository.disableEndpoint(endpointId, "disabled by the merchant", clock.instant());
        return repository.endpoint(merchantId, endpointId).orElseThrow();
    }

    public List<WebhookRepository.Delivery> deliveries(String merchantId, String endpointId, String startingAfter,
                                                       int limit) {
        repository.endpoint(merchantId, endpointId).orElseThrow(() -> new UnknownWebhookException(endpointId));
        return repository.deliveries(merchantId, endpointId, startingAfter, limit);
    }

    @Transactional
    public void redeliver(String merchantId, String deliveryId) {
        if (!repository.redeliver(merchantId, deliveryId, clock.instant())) {
            throw new UnknownWebhookException(deliveryId);
        }
    }

    public List<MerchantEvent> events(String merchantId, String startingAfter, int limit) {
        return repository.events(merchantId, startingAfter, limit);
    }

    /** Records a merchant event (once per source event) and its deliveries, due now. */
    @Transactional
    public Optional<MerchantEvent> record(String merchantId, String type, String data, UUID sourceEventId) {
        MerchantEvent event = new MerchantEvent("evt_" + Tokens.randomAlphanumeric(24), merchantId, type,
                clock.instant(), data);
        return repository.insertEventWithDeliveries(event, sourceEventId, clock.instant()) ? Optional.of(event)
                : Optional.empty();
    }

    public boolean configured() {
        return secretBox != null;
    }

    SecretBox secretBox() {
        if (secretBox == null) {
            throw new WebhooksNotConfiguredException();
        }
        return secretBox;
    }


    /** No such endpoint or delivery of this merchant. */
    public static class UnknownWebhookException extends RuntimeException {
        public UnknownWebhookException(String id) {
            super("no webhook endpoint or delivery " + id);
        }
    }

    /** The platform has no key to protect signing secrets. */
    public static class WebhooksNotConfiguredException extends RuntimeException {
        public WebhooksNotConfiguredException() {
            super("webhooks are not configured on this platform (stablerail.gateway.webhooks.secret-key)");
        }
    }
}
