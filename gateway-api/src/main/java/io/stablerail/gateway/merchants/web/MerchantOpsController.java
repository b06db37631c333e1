package io.stablerail.gateway.merchants.web;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.stablerail.gateway.merchants.ApiKey;
import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.merchants.IssuedApiKey;
import io.stablerail.gateway.merchants.Merchant;
import io.stablerail.gateway.merchants.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Ops create merchants and manage their keys (authenticated by the ops token in the edge). */
@RestController
@RequestMapping("/ops/api")
class MerchantOpsController {

    private final ApiKeys apiKeys;

    MerchantOpsController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateMerchant(String name) {
    }

    record MerchantView(String id, String name, String status, Instant createdAt, int accountIndex) {
        static MerchantView of(Merchant merchant) {
            return new MerchantView(merchant.id(), merchant.name(), merchant.status(), merchant.createdAt(),
                    merchant.accountIndex());
        }
    }

    record CreateKey(List<String> scopes, String description) {
    }

    record Rotate(Long graceSeconds) {
    }

    /** The one response that carries the secret token. */
    record IssuedKeyView(UUID id, String prefix, List<String> scopes, Instant createdAt, String token) {
        static IssuedKeyView of(IssuedApiKey issued) {
            ApiKey key = issued.key();
            return new IssuedKeyView(key.id(), key.prefix(), key.scopes().stream().map(Scope::wire).sorted().toList(),
                    key.createdAt(), issued.token());
        }
    }

    @PostMapping("/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    MerchantView create(@RequestBody CreateMerchant body) {
        return MerchantView.of(apiKeys.createMerchant(body.name()));
    }

    /** Publishes {@code merchant.onboarded} again for an existing merchant (see {@link ApiKeys#announceAgain}). */
    @PostMapping("/merchants/{merchantId}/announce")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MerchantView announce(@PathVariable String merchantId) {
        return MerchantView.of(apiKeys.announceAgain(merchantId));
    }

    @PostMapping("/merchants/{merchantId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKeyView issue(@PathVariable String merchantId, @RequestBody CreateKey body) {
        if (body.scopes() == null || body.scopes().isEmpty()) {
            throw new IllegalArgumentException("scopes are required: read and/or write");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : body.scopes()) {
            try {
                scopes.add(Scope.fromWire(scope));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scope " + scope + " (read, write)");
            }
        }
        return IssuedKeyView.of(apiKeys.issue(merchantId, scopes, body.description()));
    }

    @PostMapping("/api-keys/{keyId}/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKeyView rotate(@PathVariable UUID keyId, @RequestBody(required = false) Rotate body) {
        long grace = body == null || body.graceSeconds() == null ? 86_400 : body.graceSeconds();
        if (grace < 0 || grace > 30L * 86_400) {
            throw new IllegalArgumentException("grace_seconds must be between 0 and 30 days");
        }
        return IssuedKeyView.of(apiKeys.rotate(keyId, Duration.ofSeconds(grace)));
    }

    @PostMapping("/api-keys/{keyId}/revoke")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID keyId) {
        apiKeys.revoke(keyId);
    }
}
