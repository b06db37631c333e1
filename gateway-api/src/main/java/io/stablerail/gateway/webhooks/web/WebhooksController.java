package io.stablerail.gateway.webhooks.web;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.stablerail.gateway.edge.web.Problems;
import io.stablerail.gateway.edge.web.RequestIdFilter;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import io.stablerail.gateway.webhooks.MerchantEvent;
import io.stablerail.gateway.webhooks.WebhookRepository;
import io.stablerail.gateway.webhooks.WebhookTargetPolicy;
import io.stablerail.gateway.webhooks.Webhooks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhook endpoints, their delivery log and redelivery, and {@code GET /v1/events} to catch up without webhooks. */
@RestController
class WebhooksController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Webhooks webhooks;

    WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    record CreateEndpoint(String url, List<String> eventTypes, String description) {
    }

    record EndpointView(String id, String url, List<String> eventTypes, String description, String status,
                        String disabledReason, Instant createdAt, String secret) {
        static EndpointView of(WebhookRepository.Endpoint e, String secret) {
            return new EndpointView(e.id(), e.url(), e.eventTypes(), e.description(), e.status(), e.disabledReason(),
                    e.createdAt(), secret);
        }
    }

    record AttemptView(Instant attemptedAt, Integer statusCode, long latencyMs, String error, boolean succeeded) {
    }

    record DeliveryView(String id, String eventId, String eventType, String status, int attempts,
                        Instant nextAttemptAt, Instant createdAt, List<AttemptView> attemptLog) {
        static DeliveryView of(WebhookRepository.Delivery d) {
            return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.status(), d.attempts(), d.nextAttemptAt(),
                    d.createdAt(), d.attemptLog().stream().map(a -> new AttemptView(a.attemptedAt(), a.statusCode(),
                    a.latencyMs(), a.error(), a.succeeded())).toList());
        }
    }

    record EventView(String id, String type, long created, JsonNode data) {
        static EventView of(MerchantEvent event) {
            return new EventView(event.id(), event.type(), event.created().getEpochSecond(),
                    JSON.readTree(event.data()));
        }
    }

    record Page<T>(List<T> data, boolean hasMore) {
        static <S, T> Page<T> of(List<S> rows, int limit, Function<S, T> view) {
            boolean more = rows.size() > limit;
            return new Page<>((more ? rows.subList(0, limit) : rows).stream().map(view).toList(), more);
        }
    }

    @PostMapping("/v1/webhook-endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    EndpointView create(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                        @RequestBody CreateEndpoint body) {
        Webhooks.Registered registered = webhooks.register(merchant.merchantId(), body.url(), body.eventTypes(),
                body.description());
        return EndpointView.of(registered.endpoint(), registered.secret());
    }

    @GetMapping("/v1/webhook-endpoints")
    Page<EndpointView> list(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                            @RequestParam(name = "starting_after", required = false) String startingAfter,
                            @RequestParam(defaultValue = "10") int limit) {
        checkLimit(limit);
        return Page.of(webhooks.endpoints(merchant.merchantId(), startingAfter, limit + 1), limit,
                e -> EndpointView.of(e, null));
    }

    @PostMapping("/v1/webhook-endpoints/{endpointId}/disable")
    EndpointView disable(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                         @PathVariable String endpointId) {
        return EndpointView.of(webhooks.disable(merchant.merchantId(), endpointId), null);
    }

    @GetMapping("/v1/webhook-endpoints/{endpointId}/deliveries")
    Page<DeliveryView> deliveries(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                  AuthenticatedMerchant merchant, @PathVariable String endpointId,
                                  @RequestParam(name = "starting_after", required = false) String startingAfter,
                                  @RequestParam(defaultValue = "10") int limit) {
        checkLimit(limit);
        return Page.of(webhooks.deliveries(merchant.merchantId(), endpointId, startingAfter, limit + 1), limit,
                DeliveryView::of);
    }

    @PostMapping("/v1/webhook-deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void redeliver(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                   @PathVariable String deliveryId) {
        webhooks.redeliver(merchant.merchantId(), deliveryId);
    }

    @GetMapping("/v1/events")
    Page<EventView> events(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                           @RequestParam(name = "starting_after", required = false) String startingAfter,
                           @RequestParam(defaultValue = "10") int limit) {
        checkLimit(limit);
        return Page.of(webhooks.events(merchant.merchantId(), startingAfter, limit + 1), limit, EventView::of);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > Webhooks.LIST_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + Webhooks.LIST_LIMIT_MAX);
        }
    }

    @ExceptionHandler(Webhooks.UnknownWebhookException.class)
    ProblemDetail unknown(Webhooks.UnknownWebhookException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.NOT_FOUND, "resource_missing", e.getMessage(), RequestIdFilter.of(request));
    }

    @ExceptionHandler(Webhooks.WebhooksNotConfiguredException.class)
    ProblemDetail notConfigured(Webhooks.WebhooksNotConfiguredException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "webhooks_not_configured", e.getMessage(),
                RequestIdFilter.of(request));
    }

    @ExceptionHandler(WebhookTargetPolicy.TargetNotAllowedException.class)
    ProblemDetail target(WebhookTargetPolicy.TargetNotAllowedException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.BAD_REQUEST, "webhook_target_not_allowed", e.getMessage(),
                RequestIdFilter.of(request));
    }
}
