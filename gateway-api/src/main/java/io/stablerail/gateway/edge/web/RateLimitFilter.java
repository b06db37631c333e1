package io.stablerail.gateway.edge.web;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.stablerail.gateway.GatewayProperties;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per API key ({@code burst} requests at once, refilled at {@code requests-per-second}); past it, 429
 * {@code rate_limited} with {@code Retry-After}. Buckets live in this instance's memory, so with N gateway replicas a
 * key gets up to N times the rate; at most {@code tracked-keys-max} buckets are kept.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class RateLimitFilter extends OncePerRequestFilter {

    private final GatewayProperties.RateLimit settings;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    @org.springframework.beans.factory.annotation.Autowired
    public RateLimitFilter(GatewayProperties properties) {
        this(properties.rateLimit(), System::nanoTime);
    }

    RateLimitFilter(GatewayProperties.RateLimit settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object merchant = request.getAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE);
        if (!(merchant instanceof AuthenticatedMerchant caller)) {
            chain.doFilter(request, response);
            return;
        }
        if (buckets.size() >= settings.trackedKeysMax() && !buckets.containsKey(caller.apiKeyId())) {
            buckets.clear(); // bounded: forget everyone rather than grow; each key starts again with a full bucket
        }
        long waitNanos = buckets.computeIfAbsent(caller.apiKeyId(), id -> new Bucket(settings.burst(), nanoTime.getAsLong()))
                .take(nanoTime.getAsLong(), settings.requestsPerSecond(), settings.burst());
        if (waitNanos > 0) {
            response.setHeader("Retry-After", String.valueOf(Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000)));
            Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "too many requests for this API key; retry after the Retry-After seconds");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Tokens as a double, refilled lazily on each take. */
    static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.lastNanos = now;
        }

        /** Takes one token; returns 0 if granted, else the nanoseconds until one is available. */
        synchronized long take(long now, int perSecond, int burst) {
            tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1e9);
        }
    }
}
