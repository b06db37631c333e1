package io.stablerail.gateway.ops.web;

import io.stablerail.gateway.ops.OpsActor;
import jakarta.servlet.http.HttpServletRequest;

/** The ops actor the edge authenticated, and the two rules on who may do what. */
final class OpsActors {

    private OpsActors() {
    }

    static OpsActor of(HttpServletRequest request) {
        Object actor = request.getAttribute(OpsActor.REQUEST_ATTRIBUTE);
        if (!(actor instanceof OpsActor ops)) {
            throw new IllegalStateException("an ops route ran without an authenticated ops actor");
        }
        return ops;
    }

    /**
     * Decisions on money (approve, reject, bump, cancel) are made by a person: an ops user, never the shared bootstrap
     * credential — else four-eyes would count one token holder as whoever they claim to be.
     */
    static OpsActor personOnly(HttpServletRequest request, String what) {
        OpsActor actor = of(request);
        if (actor.bootstrap()) {
            throw new OpsActor.Refused("ops_user_required", "to " + what + ", call with your own ops user's token "
                    + "(the bootstrap token creates ops users: POST /ops/api/ops-users)");
        }
        return actor;
    }

    /** Creating and disabling ops users is the bootstrap credential's job only. */
    static OpsActor bootstrapOnly(HttpServletRequest request, String what) {
        OpsActor actor = of(request);
        if (!actor.bootstrap()) {
            throw new OpsActor.Refused("bootstrap_token_required", "only the bootstrap token may " + what);
        }
        return actor;
    }
}
