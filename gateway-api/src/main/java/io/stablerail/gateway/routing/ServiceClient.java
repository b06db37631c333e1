package io.stablerail.gateway.routing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.gateway.ops.OpsHealthProperties;
import org.springframework.stereotype.Component;

/**
 * HTTP/1.1 calls to the services, each service behind its own circuit breaker (5xx, timeouts and connection failures
 * count as failures). No retries here: a POST may not be safe to repeat, and callers retry with their idempotency key.
 */
@Component
public class ServiceClient {

    /** Why an upstream call gave no usable answer. */
    public static final class UpstreamException extends RuntimeException {
        private final String code;
        private final int status;

        UpstreamException(String code, int status, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    /** An upstream answer: status, content type and body, relayed as they are. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final OpsHealthProperties services;
    private final RoutingProperties settings;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, CircuitBreaker> byService = new ConcurrentHashMap<>();
    private final HttpClient http;

    public ServiceClient(OpsHealthProperties services, RoutingProperties settings, MeterRegistry meters) {
        this.services = services;
        this.settings = settings;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThresholdPercent())
                .slidingWindowSize(settings.slidingWindowCalls())
                .minimumNumberOfCalls(Math.min(settings.slidingWindowCalls(), 5))
                .waitDurationInOpenState(settings.openFor())
                .recordException(e -> e instanceof UpstreamException u && u.status() >= 500)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
    }

    public Answer call(String service, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        URI base = services.services().get(service);
        if (base == null) {
            throw new IllegalStateException("no URL configured for " + service);
        }
        CircuitBreaker breaker = byService.computeIfAbsent(service, breakers::circuitBreaker);
        try {
            return breaker.executeSupplier(() -> send(base.resolve(pathAndQuery), method, headers, body, service));
        } catch (CallNotPermittedException e) {
            throw new UpstreamException("service_unavailable", 503, service + " is unavailable (circuit open); "
                    + "nothing was done, retry later", e);
        }
    }

    public CircuitBreaker.State state(String service) {
        return byService.computeIfAbsent(service, breakers::circuitBreaker).getState();
    }

    private Answer send(URI uri, String method, Map<String, String> headers, byte[] body, String service) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 500) {
                throw new UpstreamException("service_unavailable", 503, service + " answered "
                        + response.statusCode(), null);
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (HttpTimeoutException e) {
            throw new UpstreamException("upstream_timeout", 504, service + " did not answer within "
                    + settings.timeout() + "; the outcome is unknown, retry with the same Idempotency-Key", e);
        } catch (IOException e) {
            throw new UpstreamException("service_unavailable", 503, service + " is unreachable; nothing was done", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("service_unavailable", 503, "interrupted", e);
        }
    }
}
