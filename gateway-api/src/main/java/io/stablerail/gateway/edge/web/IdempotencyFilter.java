package io.stablerail.gateway.edge.web;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.gateway.GatewayProperties;
import io.stablerail.gateway.idempotency.IdempotencyStore;
import io.stablerail.gateway.idempotency.RequestFingerprint;
import io.stablerail.gateway.idempotency.StoredResponse;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Idempotency for every merchant POST that carries {@code Idempotency-Key} (1–255 printable characters, scoped by
 * merchant). Same key and request → the stored response with {@code Idempotent-Replayed: true}; another request →
 * 422 {@code idempotency_key_reused}; still running → 409 {@code request_in_progress}. Responses that mean "nothing
 * was done" (400, 401, 403, 404, 413, 415, 429, 5xx) are not stored, so the key may be retried. If the store cannot
 * answer, 503 and nothing runs (fail closed).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<Integer> NOT_STORED = Set.of(400, 401, 403, 404, 405, 413, 415, 429);

    private final IdempotencyStore store;
    private final GatewayProperties.Idempotency settings;
    private final MeterRegistry meters;

    public IdempotencyFilter(IdempotencyStore store, GatewayProperties properties, MeterRegistry meters) {
        this.store = store;
        this.settings = properties.idempotency();
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !EdgePaths.of(request).startsWith("/v1/")
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(key).matches()) {
            Problems.write(request, response, HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
                    "Idempotency-Key must be 1-255 printable ASCII characters without spaces");
            return;
        }
        AuthenticatedMerchant merchant = (AuthenticatedMerchant) request.getAttribute(
                AuthenticatedMerchant.REQUEST_ATTRIBUTE);
        byte[] body = request instanceof BodyLimitFilter.CachedBodyRequest cached ? cached.body() : new byte[0];
        String fingerprint = RequestFingerprint.of(request.getMethod(), EdgePaths.of(request), body);
        IdempotencyStore.Begin begin;
        try {
            begin = store.begin(merchant.merchantId(), key, fingerprint, settings.lease());
        } catch (DataAccessException e) {
            log.warn("idempotency store unavailable, refusing request: {}", e.getMostSpecificCause().toString());
            Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "idempotency_store_unavailable",
                    "the request could not be made idempotent right now; nothing was done, retry with the same key");
            return;
        }
        meters.counter("stablerail.gateway.idempotency", "outcome", begin.getClass().getSimpleName().toLowerCase())
                .increment();
        switch (begin) {
            case IdempotencyStore.Proceed proceed -> run(request, response, chain, merchant.merchantId(), key);
            case IdempotencyStore.Replay replay -> replay(response, replay.response());
            case IdempotencyStore.InFlight inFlight -> Problems.write(request, response, HttpStatus.CONFLICT,
                    "request_in_progress", "a request with this Idempotency-Key is still being processed; retry later");
            case IdempotencyStore.Mismatch mismatch -> Problems.write(request, response,
                    HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request");
        }
    }

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String merchantId,
                     String key) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean finished = false;
        try {
            chain.doFilter(request, captured);
            finished = true;
        } finally {
            int status = captured.getStatus();
            try {
                if (!finished || status >= 500 || NOT_STORED.contains(status)) {
                    store.release(merchantId, key);
                } else {
                    store.complete(merchantId, key, new StoredResponse(status, captured.getContentType(),
                            captured.getHeader("Location"), captured.getContentAsByteArray()));
                }
            } catch (DataAccessException e) {
                // the effect happened; the key stays IN_FLIGHT until its lease ends, then a retry re-runs the request,
                // which the services behind the edge deduplicate on their own keys
                log.error("could not record the outcome of idempotent request {}: {}", key, e.toString());
            }
            captured.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, StoredResponse stored) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader("Location", stored.location());
        }
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
    }
}
