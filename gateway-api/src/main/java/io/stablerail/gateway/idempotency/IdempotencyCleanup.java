package io.stablerail.gateway.idempotency;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.stablerail.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Deletes idempotency records past their retention (default 30 days), at most a batch every 10 minutes. */
@Component
public class IdempotencyCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyCleanup.class);
    private final IdempotencyStore store;
    private final GatewayProperties.Idempotency settings;
    private ScheduledExecutorService executor;

    public IdempotencyCleanup(IdempotencyStore store, GatewayProperties properties) {
        this.store = store;
        this.settings = properties.idempotency();
    }

    public int runOnce() {
        return store.deleteOlderThan(settings.retention(), settings.cleanupBatchMax());
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("idempotency-cleanup")
                .daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("idempotency cleanup failed, will retry: {}", e.toString());
            }
        }, 10, 10, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
