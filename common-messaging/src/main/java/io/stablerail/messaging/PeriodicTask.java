package io.stablerail.messaging;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one bounded piece of work again and again, {@code interval} apart, on its own named daemon thread, from
 * application start to shutdown. A failed run — an exception or an {@link Error} — is logged and the next run comes as
 * usual. Every background job of the services (outbox relay, cleanups, expiry, dispatch) is one of these.
 * {@link #wake()} asks for a run soon — {@code wakeDelay} later (the outbox relay after a commit that wrote events) —
 * on the same thread, so runs never overlap; wakes arriving while one is queued coalesce into it.
 */
public class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration interval;
    private final Runnable work;
    private final Duration wakeDelay;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    public PeriodicTask(String name, Duration interval, Runnable work) {
        this(name, interval, work, Duration.ZERO);
    }

    /** @param wakeDelay how long after a {@link #wake()} the run comes (the wakes of that window share it) */
    public PeriodicTask(String name, Duration interval, Runnable work, Duration wakeDelay) {
        this.wakeDelay = Objects.requireNonNull(wakeDelay, "wakeDelay");
        this.name = Objects.requireNonNull(name, "name");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.work = Objects.requireNonNull(work, "work");
        if (wakeDelay.isNegative()) {
            throw new IllegalArgumentException(name + ": wake delay must not be negative");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": interval must be positive");
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs the work {@code wakeDelay} from now, or when the thread is free (no-op before start and after stop). */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running == null || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            running.schedule(() -> {
                wakeQueued.set(false);
                runSafely();
            }, wakeDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            wakeQueued.set(false);
        }
    }

    void runSafely() {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed, will run again in {}: {}", name, interval, e.toString());
        } catch (Error e) {
            // a scheduled executor silently cancels every later run of a task that throws: an Error escaping here
            // would stop the broadcaster (or the relay, …) for good without a word until the process restarts
            log.error("OPS ALERT {} failed with an error, will run again in {}", name, interval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Stops before the Kafka producer and the data source go away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
