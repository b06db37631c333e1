package io.stablerail.gateway.ops;

import java.util.List;
import java.util.Optional;

/** Storage of ops users (schema {@code gateway}, table {@code ops_user}). */
public interface OpsUserRepository {

    record StoredUser(OpsUser user, byte[] secretSha256) {
    }

    /** @return false when the name is taken */
    boolean insert(OpsUser user, byte[] secretSha256);

    Optional<StoredUser> findById(String id);

    List<OpsUser> list();

    /** @return the user, disabled now unless it already was; empty when no user has that name */
    Optional<OpsUser> disable(String name, java.time.Instant at);
}
