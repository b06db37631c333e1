package io.stablerail.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The pool's rules, with endpoints whose behaviour the test scripts (each "client" is a function the pool calls; the
 * real EVM and TRON clients are exercised against the devnets in chain-devnet).
 */
class EndpointPoolTest {

    static final ResilienceSettings FAST = new ResilienceSettings(Duration.ofMillis(300), 3, Duration.ofMillis(1), 4,
            50f, Duration.ofMinutes(1));

    /** A scripted node: counts calls and answers with whatever the test sets. */
    static final class Node {
        final AtomicInteger calls = new AtomicInteger();
        volatile Supplier<String> answer = () -> "ok";

        String call() {
            calls.incrementAndGet();
            return answer.get();
        }
    }

    final Node primary = new Node();
    final Node secondary = new Node();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final EndpointPool<Node> pool = pool();

    EndpointPool<Node> pool() {
        ChainSpec chain = ChainRegistry.of(Map.of("ethereum", List.of(
                new Endpoint("primary", "https://primary.example", null),
                new Endpoint("secondary", "https://secondary.example", null)))).chain("ethereum");
        return new EndpointPool<>(chain, endpoint -> endpoint.name().equals("primary") ? primary : secondary, FAST,
                meters);
    }

    static Supplier<String> failing(FailureClass failureClass) {
        return () -> {
            throw new ChainException(failureClass, "X", "scripted " + failureClass);
        };
    }

    @Test
    void retryableFailuresAreRetriedThenFailOverToTheNextEndpoint() {
        primary.answer = failing(FailureClass.RETRY);
        secondary.answer = () -> "from secondary";

        assertThat(pool.call("blockNumber", Node::call)).isEqualTo("from secondary");
        assertThat(primary.calls).hasValue(3);
        assertThat(meters.counter("stablerail.chain.rpc.failover", "chain", "ethereum", "from", "primary").count())
                .isEqualTo(1.0);
        assertThat(meters.timer("stablerail.chain.rpc", "chain", "ethereum", "endpoint", "primary", "operation",
                "blockNumber", "outcome", "retry").count()).isEqualTo(3);
    }

    @Test
    void answersAboutTheRequestItselfAreReturnedAtOnceWithoutFailover() {
        for (FailureClass answer : List.of(FailureClass.FAIL_FAST, FailureClass.REBUILD, FailureClass.ALREADY_KNOWN)) {
            primary.answer = failing(answer);
            assertThatThrownBy(() -> pool.call("sendRaw", Node::call)).isInstanceOf(ChainException.class)
                    .satisfies(e -> assertThat(((ChainException) e).failureClass()).isEqualTo(answer));
        }
        assertThat(primary.calls).hasValue(3);
        assertThat(secondary.calls).hasValue(0);
    }

    @Test
    void aHangingEndpointIsCutAtTheTimeoutAndTheNextOneAnswers() {
        primary.answer = () -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "too late";
        };
        long start = System.nanoTime();

        assertThat(pool.call("getLogs", Node::call)).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void unclassifiedClientErrorsCountAsRetryable() {
        primary.answer = () -> {
            throw new UncheckedIOException(new java.io.IOException("connection reset"));
        };
        assertThat(pool.call("nonce", Node::call)).isEqualTo("ok");
        assertThat(primary.calls).hasValue(3);
    }

    @Test
    void aFailingEndpointIsSkippedOnceItsBreakerOpens() {
        primary.answer = failing(FailureClass.RETRY);
        pool.call("blockNumber", Node::call);
        pool.call("blockNumber", Node::call);
        int callsWhenOpen = primary.calls.get();

        for (int i = 0; i < 5; i++) {
            assertThat(pool.call("blockNumber", Node::call)).isEqualTo("ok");
        }
        assertThat(primary.calls).as("no more calls reach the open endpoint").hasValue(callsWhenOpen);
        assertThat(pool.states()).containsExactly("primary=OPEN", "secondary=CLOSED");
    }

    @Test
    void whenEveryEndpointFailsTheCallerGetsARetryNamingTheChain() {
        primary.answer = failing(FailureClass.RETRY);
        secondary.answer = failing(FailureClass.RETRY);

        assertThatThrownBy(() -> pool.call("blockNumber", Node::call)).isInstanceOf(ChainException.class)
                .hasMessageContaining("every endpoint of ethereum failed for blockNumber")
                .satisfies(e -> assertThat(((ChainException) e).failureClass()).isEqualTo(FailureClass.RETRY));
    }
}
