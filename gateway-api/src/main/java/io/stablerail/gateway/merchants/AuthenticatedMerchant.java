package io.stablerail.gateway.merchants;

import java.util.Set;
import java.util.UUID;

/** Who is calling the merchant API, set on the request by the authentication filter. */
public record AuthenticatedMerchant(String merchantId, UUID apiKeyId, Set<Scope> scopes) {

    public static final String REQUEST_ATTRIBUTE = "io.stablerail.gateway.merchants.AuthenticatedMerchant";

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
