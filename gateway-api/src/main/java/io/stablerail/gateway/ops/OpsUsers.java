package io.stablerail.gateway.ops;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.stablerail.gateway.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Ops users and their tokens. Only the bootstrap credential creates and disables users (the web layer checks that);
 * each user then calls the ops API with a token of their own, and the edge names them as the actor of what they do.
 * A token is {@code sro_<16 chars>_<40 chars>}: the first part is the user's id, the second the secret, kept only as
 * SHA-256 and compared in constant time.
 */
@Service
public class OpsUsers {

    private static final Logger log = LoggerFactory.getLogger(OpsUsers.class);

    private static final String KIND = "sro";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,62}$");

    private final OpsUserRepository repository;
    private final Clock clock;

    public OpsUsers(OpsUserRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A new ops user and their token (shown once). */
    public IssuedOpsToken create(String name, OpsActor by) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 2-63 characters of a-z, 0-9, '.', '_' or '-', starting "
                    + "with a letter or digit");
        }
        if (OpsActor.BOOTSTRAP.equals(name)) {
            throw new IllegalArgumentException("the name \"bootstrap\" is reserved for the bootstrap credential");
        }
        Tokens.Prefixed credential = Tokens.Prefixed.generate(KIND);
        OpsUser user = new OpsUser(credential.id(), name, clock.instant(), by.name(), null);
        if (!repository.insert(user, credential.secretSha256())) {
            throw new NameTakenException(name);
        }
        log.info("OPS ops user {} ({}) created by {}", name, user.id(), by.name());
        return new IssuedOpsToken(user, credential.token());
    }

    public List<OpsUser> list() {
        return repository.list();
    }

    /** Disables the user: their token stops working at once. Disabling a disabled user changes nothing. */
    public OpsUser disable(String name, OpsActor by) {
        OpsUser user = repository.disable(name, clock.instant()).orElseThrow(() -> new UnknownOpsUserException(name));
        log.info("OPS ops user {} ({}) disabled by {}", name, user.id(), by.name());
        return user;
    }

    /** True when {@code token} has the shape of an ops user's token (as opposed to the bootstrap token). */
    public static boolean looksLikeUserToken(String token) {
        return token != null && token.startsWith(KIND + "_");
    }

    /** The active user behind a token, or empty (malformed, unknown, wrong secret, disabled: not told apart). */
    public Optional<OpsActor> authenticate(String token) {
        return Tokens.Prefixed.parse(token, KIND).flatMap(credential -> repository.findById(credential.id())
                .filter(stored -> credential.secretMatches(stored.secretSha256())))
                .map(OpsUserRepository.StoredUser::user)
                .filter(OpsUser::active)
                .map(user -> OpsActor.user(user.name()));
    }

    public static final class NameTakenException extends RuntimeException {
        public NameTakenException(String name) {
            super("an ops user named \"" + name + "\" exists already");
        }
    }

    public static final class UnknownOpsUserException extends RuntimeException {
        public UnknownOpsUserException(String name) {
            super("no ops user named \"" + name + "\"");
        }
    }
}
