package io.stablerail.ledger.books;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Releases overdue holds, at most {@code batch-max} per run, each in its own transaction. */
@Component
public class HoldExpiryJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final Books books;
    private final HoldExpiryProperties properties;
    private ScheduledExecutorService executor;

    public HoldExpiryJob(Books books, HoldExpiryProperties properties) {
        this.books = books;
        this.properties = properties;
    }

    /** One run; returns how many holds it expired. */
    public int runOnce() {
        int expired = 0;
        for (UUID holdId : books.overdueHolds(properties.batchMax())) {
            try {
                if (books.expire(holdId).isPresent()) {
                    expired++;
                }
            } catch (RuntimeException e) {
                log.warn("hold {} could not be expired, will retry: {}", holdId, e.toString());
            }
        }
        return expired;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hold-expiry").daemon()
                .factory());
        long millis = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("hold expiry run failed, will retry: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
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
