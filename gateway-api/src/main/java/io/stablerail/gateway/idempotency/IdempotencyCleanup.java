package io.stablerail.gateway.idempotency;

import io.stablerail.gateway.GatewayProperties;
import org.springframework.stereotype.Component;

/** Deletes idempotency records past their retention (default 30 days), a bounded batch per run (every 10 minutes). */
@Component
public class IdempotencyCleanup {

    private final IdempotencyStore store;
    private final GatewayProperties.Idempotency settings;

    public IdempotencyCleanup(IdempotencyStore store, GatewayProperties properties) {
        this.store = store;
        this.settings = properties.idempotency();
    }

    public int runOnce() {
        return store.deleteOlderThan(settings.retention(), settings.cleanupBatchMax());
    }
}
