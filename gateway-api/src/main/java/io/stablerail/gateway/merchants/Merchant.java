package io.stablerail.gateway.merchants;

import java.time.Instant;

/** A merchant of the platform. {@code id} looks like {@code mer_0123456789abcdef}. */
public record Merchant(String id, String name, String status, Instant createdAt) {

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
