package io.stablerail.gateway.ops;

/**
 * An ops user just created: the only moment their token exists outside their hands. {@link #toString()} hides it.
 *
 * @param token {@code <id>_<secret>}, to send as {@code Authorization: Bearer <token>}
 */
public record IssuedOpsToken(OpsUser user, String token) {

    @Override
    public String toString() {
        return "IssuedOpsToken[user=" + user + ", token=<redacted>]";
    }
}
