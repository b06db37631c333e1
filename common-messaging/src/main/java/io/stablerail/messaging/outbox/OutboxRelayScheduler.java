package io.stablerail.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the relay on one background thread at a fixed delay, and the bounded cleanup once a minute. */
public class OutboxRelayScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayScheduler.class);
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    private final OutboxRelay relay;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public OutboxRelayScheduler(OutboxRelay relay, Duration interval) {
        this.relay = relay;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon()
                .factory());
        executor.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::cleanup, CLEANUP_INTERVAL.toMillis(), CLEANUP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            relay.relayOnce();
        } catch (RuntimeException e) {
            log.warn("outbox relay tick failed, will retry: {}", e.toString());
        }
    }

    private void cleanup() {
        try {
            int deleted = relay.cleanup();
            if (deleted > 0) {
                log.info("outbox cleanup deleted {} published rows", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("outbox cleanup failed, will retry: {}", e.toString());
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

    /** Stop before the Kafka producer and the data source go away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
