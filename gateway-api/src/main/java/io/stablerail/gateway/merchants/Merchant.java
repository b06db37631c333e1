package io.stablerail.gateway.merchants;

import java.time.Instant;

/**
 * A merchant of the platform. {@code id} looks like {@code mer_0123456789abcdef}. {@code accountIndex} is the
 * merchant's BIP-32 account (its deposit keys are {@code m/44'/coin'/accountIndex'}): unique, never reused, never
 * changed.
 */
public record Merchant(String id, String name, String status, Instant createdAt, int accountIndex) {

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
