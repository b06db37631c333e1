package io.stablerail.gateway.merchants.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.gateway.merchants.ApiKey;
import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import io.stablerail.gateway.merchants.Scope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A merchant lists its own API keys (never their secrets), with cursor pagination. */
@RestController
class ApiKeysController {

    private final ApiKeys apiKeys;

    ApiKeysController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    record KeyView(UUID id, String prefix, List<String> scopes, String description, Instant createdAt,
                   Instant expiresAt, Instant revokedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.prefix(), key.scopes().stream().map(Scope::wire).sorted().toList(),
                    key.description(), key.createdAt(), key.expiresAt(), key.revokedAt());
        }
    }

    record Page<T>(List<T> data, boolean hasMore) {
    }

    @GetMapping("/v1/api-keys")
    Page<KeyView> list(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE) AuthenticatedMerchant merchant,
                       @RequestParam(name = "starting_after", required = false) UUID startingAfter,
                       @RequestParam(defaultValue = "10") int limit) {
        if (limit < 1 || limit > ApiKeys.LIST_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + ApiKeys.LIST_LIMIT_MAX);
        }
        List<ApiKey> keys = apiKeys.list(merchant.merchantId(), startingAfter, limit + 1);
        boolean hasMore = keys.size() > limit;
        return new Page<>((hasMore ? keys.subList(0, limit) : keys).stream().map(KeyView::of).toList(), hasMore);
    }
}
