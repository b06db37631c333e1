package io.stablerail.gateway.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due webhook deliveries (scheduled by a {@code PeriodicTask} every {@code dispatch-interval}): claims a bounded batch (a lease keeps other dispatchers off it), then — outside any
 * transaction — checks the target again at connect time, signs, posts, and records the attempt. A failure is retried
 * on {@link WebhookRetrySchedule}; an endpoint whose deliveries keep failing is disabled ({@link EndpointHealth}) with
 * an error log and the {@code stablerail.gateway.webhooks.endpoints.disabled} counter for alerting.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookRepository repository;
    private final Webhooks webhooks;
    private final WebhookProperties properties;
    private final WebhookTargetPolicy targets;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HttpClient http;

    public WebhookDispatcher(WebhookRepository repository, Webhooks webhooks, WebhookProperties properties,
                             WebhookTargetPolicy targets, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.webhooks = webhooks;
        this.properties = properties;
        this.targets = targets;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(properties.requestTimeout()).build();
    }

    /** One run: at most {@code batch-max} deliveries; returns how many were attempted. */
    public int dispatchOnce() {
        if (!webhooks.configured()) {
            return 0;
        }
        List<WebhookRepository.Claimed> due = repository.claimDue(clock.instant(), properties.batchMax(),
                properties.lease());
        due.forEach(this::deliver);
        return due.size();
    }

    private void deliver(WebhookRepository.Claimed delivery) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            byte[] body = payload(delivery.event());
            byte[] secret = webhooks.secretBox().open(repository.secretCiphertext(delivery.endpointId()));
            URI target = URI.create(delivery.url());
            targets.resolveAllowed(target.getHost());
            HttpRequest request = HttpRequest.newBuilder(target).timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "StableRail-Webhooks/1")
                    .header("StableRail-Signature", WebhookSignature.sign(secret, started.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 200 || status >= 300) {
                error = "receiver answered " + status;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        boolean succeeded = error == null;
        long latencyMs = (System.nanoTime() - startedNanos) / 1_000_000;
        Optional<Instant> next = succeeded ? Optional.empty()
                : WebhookRetrySchedule.nextAttemptAt(delivery.attempts() + 1, started,
                ThreadLocalRandom.current()::nextDouble);
        repository.recordAttempt(delivery.deliveryId(),
                new WebhookRepository.Attempt(started, status, latencyMs, error, succeeded), next.orElse(null));
        meters.counter("stablerail.gateway.webhooks.attempts", "outcome", succeeded ? "succeeded" : "failed")
                .increment();
        if (!succeeded) {
            disableIfUnhealthy(delivery.endpointId());
        }
    }

    private void disableIfUnhealthy(String endpointId) {
        Instant now = clock.instant();
        List<EndpointHealth.Outcome> outcomes = repository
                .attemptsOfEndpointSince(endpointId, now.minus(EndpointHealth.LOOK_BACK)).stream()
                .map(a -> new EndpointHealth.Outcome(a.attemptedAt(), a.succeeded())).toList();
        if (EndpointHealth.shouldDisable(outcomes, now)) {
            repository.disableEndpoint(endpointId, "every delivery failed for " + EndpointHealth.WINDOW.toDays()
                    + " days", now);
            meters.counter("stablerail.gateway.webhooks.endpoints.disabled").increment();
            log.error("ALERT webhook endpoint {} disabled after sustained failure", endpointId);
        }
    }

    /** The body: {@code id} (stable across retries), {@code type}, {@code created} (unix seconds), {@code data}. */
    static byte[] payload(MerchantEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("type", event.type());
        body.put("created", event.created().getEpochSecond());
        body.put("data", JSON.readTree(event.data()));
        return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }
}
