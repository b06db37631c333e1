package io.stablerail.chain.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of one chain, in failover order, each with its own client, timeout, retry and circuit breaker.
 *
 * <p>Only {@link FailureClass#RETRY} failures (timeouts, I/O, HTTP 429/5xx, SERVER_BUSY) count against an endpoint,
 * are retried and fail over. Any other class is the chain's answer about the request itself — the transaction is
 * expired, invalid, or already known — so it is returned at once: another node would say the same, and retrying a
 * rejected transaction elsewhere would only hide the answer. Failing a broadcast over is safe because a signed
 * transaction has one hash: a node that already has it answers ALREADY_KNOWN.
 *
 * <p>Metrics: timer {@code stablerail.chain.rpc} (tags chain, endpoint, operation, outcome = ok or a failure class),
 * counter {@code stablerail.chain.rpc.failover} (chain, from endpoint).
 */
public final class EndpointPool<C> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointPool.class);

    private final String chain;
    private final List<Member<C>> members;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;
    private final MeterRegistry meters;

    private record Member<C>(Endpoint endpoint, C client, CircuitBreaker breaker, Retry retry) {
    }

    public EndpointPool(ChainSpec chain, Function<Endpoint, C> clients, ResilienceSettings settings,
            MeterRegistry meters) {
        if (chain.endpoints().isEmpty()) {
            throw new IllegalArgumentException("chain " + chain.name() + " has no endpoints");
        }
        this.chain = chain.name();
        this.timeout = settings.timeout();
        this.meters = meters;
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window()).minimumNumberOfCalls(settings.window())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor()).permittedNumberOfCallsInHalfOpenState(1)
                .recordException(EndpointPool::isEndpointFailure).build();
        RetryConfig retryConfig = RetryConfig.custom().maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        Math.max(1, settings.initialBackoff().toMillis()), 2.0, 0.5))
                .retryOnException(EndpointPool::isEndpointFailure).failAfterMaxAttempts(false).build();
        List<Member<C>> built = new ArrayList<>();
        for (Endpoint endpoint : chain.endpoints()) {
            String name = chain.name() + "/" + endpoint.name();
            built.add(new Member<>(endpoint, clients.apply(endpoint), CircuitBreaker.of(name, breakerConfig),
                    Retry.of(name, retryConfig)));
        }
        this.members = List.copyOf(built);
    }

    /**
     * Runs {@code call} on the first endpoint whose breaker is closed (or probing), retrying and failing over on
     * retryable failures. When every endpoint has failed, throws a RETRY {@link ChainException} naming them.
     */
    public <R> R call(String operation, Function<C, R> call) {
        ChainException last = null;
        for (int i = 0; i < members.size(); i++) {
            Member<C> member = members.get(i);
            try {
                // each attempt passes the breaker, so an endpoint that opens mid-retry is left at once
                return Retry.decorateSupplier(member.retry(), CircuitBreaker.decorateSupplier(member.breaker(),
                        () -> timed(member, operation, call))).get();
            } catch (CallNotPermittedException open) {
                last = new ChainException(FailureClass.RETRY, "CIRCUIT_OPEN",
                        chain + "/" + member.endpoint().name() + " is skipped (circuit open)", open);
            } catch (ChainException e) {
                if (!isEndpointFailure(e)) {
                    throw e;
                }
                last = e;
            }
            if (i + 1 < members.size()) {
                meters.counter("stablerail.chain.rpc.failover", "chain", chain, "from", member.endpoint().name())
                        .increment();
                log.warn("chain {} {}: endpoint {} failed ({}); trying {}", chain, operation,
                        member.endpoint().name(), last.getMessage(), members.get(i + 1).endpoint().name());
            }
        }
        throw new ChainException(FailureClass.RETRY, last.code(),
                "every endpoint of " + chain + " failed for " + operation + "; last: " + last.getMessage(), last);
    }

    private <R> R timed(Member<C> member, String operation, Function<C, R> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            CompletableFuture<R> future = CompletableFuture.supplyAsync(() -> call.apply(member.client()), executor);
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new ChainException(FailureClass.RETRY, "TIMEOUT", operation + " on " + chain + "/"
                        + member.endpoint().name() + " took longer than " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainException(FailureClass.RETRY, "INTERRUPTED", "interrupted", e);
            } catch (ExecutionException e) {
                throw asChainException(e.getCause(), member, operation);
            }
        } catch (ChainException e) {
            outcome = e.failureClass().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } finally {
            sample.stop(meters.timer("stablerail.chain.rpc", "chain", chain, "endpoint", member.endpoint().name(),
                    "operation", operation, "outcome", outcome));
        }
    }

    /** Anything a client throws that is not already classified is a problem of the endpoint: retryable. */
    private ChainException asChainException(Throwable cause, Member<C> member, String operation) {
        if (cause instanceof ChainException chainException) {
            return chainException;
        }
        return new ChainException(FailureClass.RETRY, cause.getClass().getSimpleName(), operation + " on " + chain
                + "/" + member.endpoint().name() + " failed: " + cause.getMessage(), cause);
    }

    static boolean isEndpointFailure(Throwable failure) {
        return failure instanceof ChainException e && e.failureClass() == FailureClass.RETRY;
    }

    /** The state of each endpoint's breaker, for health and the ops dashboard. */
    public List<String> states() {
        return members.stream().map(m -> m.endpoint().name() + "=" + m.breaker().getState()).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        members.forEach(member -> {
            if (member.client() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("closing client of {}/{} failed: {}", chain, member.endpoint().name(), e.toString());
                }
            }
        });
    }
}
