package io.stablerail.gateway.ops;

import java.time.Instant;

/** A person on the ops team. Holds no secret: the token's hash stays in the store. */
public record OpsUser(String id, String name, Instant createdAt, String createdBy, Instant disabledAt) {

    public boolean active() {
        return disabledAt == null;
    }
}
