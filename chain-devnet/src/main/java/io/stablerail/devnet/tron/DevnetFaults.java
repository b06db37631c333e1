package io.stablerail.devnet.tron;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Fault injection for the TRON devnet. A call is named by its gRPC method: the bare name ({@code "BroadcastTransaction"},
 * {@code "GetTransactionInfoById"}) matches it on both services, the full name
 * ({@code "protocol.WalletSolidity/GetTransactionInfoById"}) only there. Faults stay until {@link #clear()}, except
 * the one-shot broadcast faults, which count down.
 */
public final class DevnetFaults implements ServerInterceptor {

    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    /** Calls never answered: the client's deadline fires; the devnet cancels them when it stops. */
    private final Map<String, Boolean> hangs = new ConcurrentHashMap<>();
    private final AtomicInteger busyBroadcasts = new AtomicInteger();
    private final AtomicInteger droppedBroadcasts = new AtomicInteger();

    DevnetFaults() {
    }

    /** Answers {@code method} only after {@code delay} (the client may time out first). */
    public DevnetFaults delay(String method, Duration delay) {
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("a delay between 0 and 5 minutes, got " + delay);
        }
        delays.put(requireName(method), delay);
        return this;
    }

    /** Never answers {@code method}: the client's deadline is the only way out (a timeout). */
    public DevnetFaults timeout(String method) {
        hangs.put(requireName(method), Boolean.TRUE);
        return this;
    }

    /** The next {@code count} broadcasts get {@code SERVER_BUSY} ("Server busy."), as a node with a full pool. */
    public DevnetFaults serverBusy(int count) {
        busyBroadcasts.set(requireCount(count));
        return this;
    }

    /**
     * The next {@code count} broadcasts are answered SUCCESS and then forgotten: never pending, never in a block,
     * like a node that accepted a transaction and crashed before relaying it.
     */
    public DevnetFaults acceptThenDrop(int count) {
        droppedBroadcasts.set(requireCount(count));
        return this;
    }

    public void clear() {
        delays.clear();
        hangs.clear();
        busyBroadcasts.set(0);
        droppedBroadcasts.set(0);
    }

    boolean takeBusy() {
        return busyBroadcasts.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    boolean takeDrop() {
        return droppedBroadcasts.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String full = call.getMethodDescriptor().getFullMethodName();
        String bare = call.getMethodDescriptor().getBareMethodName();
        if (hangs.containsKey(full) || hangs.containsKey(bare)) {
            return new ServerCall.Listener<>() {
            };
        }
        Duration delay = delays.getOrDefault(full, delays.get(bare));
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return next.startCall(call, headers);
    }

    private static String requireName(String method) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("name a gRPC method, e.g. \"BroadcastTransaction\"");
        }
        return method;
    }

    private static int requireCount(int count) {
        if (count < 0 || count > 1_000) {
            throw new IllegalArgumentException("a count between 0 and 1000, got " + count);
        }
        return count;
    }
}
