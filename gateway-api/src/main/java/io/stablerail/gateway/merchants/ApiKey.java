package io.stablerail.gateway.merchants;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API key as stored: never the secret, only its prefix and metadata. */
public record ApiKey(UUID id, String merchantId, String prefix, Set<Scope> scopes, String description,
                     Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
