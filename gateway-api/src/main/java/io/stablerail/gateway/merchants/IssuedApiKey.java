package io.stablerail.gateway.merchants;

/**
 * A key just created: the only moment the full token exists outside the caller's hands. {@link #toString()} hides it.
 *
 * @param token {@code <prefix>_<secret>}, to send as {@code Authorization: Bearer <token>}
 */
public record IssuedApiKey(ApiKey key, String token) {

    @Override
    public String toString() {
        return "IssuedApiKey[key=" + key + ", token=<redacted>]";
    }
}
