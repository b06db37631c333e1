package io.stablerail.gateway.merchants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.merchant.MerchantOnboarded;
import io.stablerail.gateway.Tokens;
import io.stablerail.messaging.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchants and API keys. A key token is {@code srk_<16 chars>_<40 chars>}: the first part is the visible prefix (how
 * ops and logs refer to a key), the second the secret, kept only as SHA-256 and compared in constant time.
 */
@Service
public class ApiKeys {

    public static final int LIST_LIMIT_MAX = 100;

    private final MerchantRepository repository;
    private final Outbox outbox;
    private final Clock clock;

    public ApiKeys(MerchantRepository repository, Outbox outbox, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Creates the merchant with its BIP-32 account index and, in the same transaction, announces it
     * ({@code merchant.onboarded}): the key side derives the merchant's deposit xpubs from that index and hands them
     * to deposit-service.
     */
    @Transactional
    public Merchant createMerchant(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters");
        }
        Merchant merchant = new Merchant("mer_" + Tokens.randomAlphanumeric(16), name.strip(), "ACTIVE",
                clock.instant(), repository.allocateAccountIndex());
        repository.insertMerchant(merchant);
        announce(merchant, merchant.createdAt());
        return merchant;
    }

    /**
     * Announces an existing merchant again ({@code merchant.onboarded} with its stored account index, a new event id):
     * for a merchant whose hand-over did not reach deposit-service (created before automatic onboarding, or its event
     * dead-lettered and fixed). Harmless when it did: the key side derives the same xpubs from the same index, and
     * deposit-service registers the same xpubs as no change.
     */
    @Transactional
    public Merchant announceAgain(String merchantId) {
        Merchant merchant = repository.findMerchant(merchantId)
                .orElseThrow(() -> new UnknownMerchantException(merchantId));
        announce(merchant, clock.instant());
        return merchant;
    }

    /** {@code merchant.onboarded} with the merchant's account index, in the caller's transaction. */
    private void announce(Merchant merchant, Instant at) {
        outbox.append(Topics.MERCHANTS, EventEnvelope.of(new MerchantOnboarded(merchant.id(), merchant.accountIndex()),
                at));
    }

    public Optional<Merchant> merchant(String merchantId) {
        return repository.findMerchant(merchantId);
    }

    @Transactional
    public IssuedApiKey issue(String merchantId, Set<Scope> scopes, String description) {
        if (repository.findMerchant(merchantId).isEmpty()) {
            throw new UnknownMerchantException(merchantId);
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        Tokens.Prefixed credential = Tokens.Prefixed.generate("srk");
        ApiKey key = new ApiKey(UUID.randomUUID(), merchantId, credential.id(), EnumSet.copyOf(scopes), description,
                clock.instant(), null, null);
        repository.insertKey(key, credential.secretSha256());
        return new IssuedApiKey(key, credential.token());
    }

    /** Issues a successor with the same scopes; the old key keeps working for {@code grace}, then expires. */
    @Transactional
    public IssuedApiKey rotate(UUID keyId, Duration grace) {
        ApiKey old = repository.findKey(keyId).filter(k -> k.usableAt(clock.instant()))
                .orElseThrow(() -> new UnknownApiKeyException(keyId));
        IssuedApiKey successor = issue(old.merchantId(), old.scopes(), old.description());
        repository.expireAndReplace(keyId, clock.instant().plus(grace), successor.key().id());
        return successor;
    }

    @Transactional
    public void revoke(UUID keyId) {
        if (!repository.revoke(keyId, clock.instant())) {
            throw new UnknownApiKeyException(keyId);
        }
    }

    public List<ApiKey> list(String merchantId, UUID startingAfter, int limit) {
        return repository.listKeys(merchantId, startingAfter, Math.min(limit, LIST_LIMIT_MAX + 1));
    }

    /**
     * The merchant behind a bearer token, or empty for anything that is not a live key of an active merchant: a
     * malformed token, an unknown prefix, a wrong secret, a revoked or expired key. The reason is not told apart
     * to the caller.
     */
    public Optional<AuthenticatedMerchant> authenticate(String token) {
        Optional<Tokens.Prefixed> credential = Tokens.Prefixed.parse(token, "srk");
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        return repository.findKeyByPrefix(credential.get().id())
                .filter(stored -> credential.get().secretMatches(stored.secretSha256()))
                .map(MerchantRepository.StoredKey::key)
                .filter(key -> key.usableAt(clock.instant()))
                .filter(key -> repository.findMerchant(key.merchantId()).map(Merchant::isActive).orElse(false))
                .map(key -> new AuthenticatedMerchant(key.merchantId(), key.id(), key.scopes()));
    }



    /** No such merchant. */
    public static class UnknownMerchantException extends RuntimeException {
        public UnknownMerchantException(String merchantId) {
            super("no merchant " + merchantId);
        }
    }

    /** No such usable API key. */
    public static class UnknownApiKeyException extends RuntimeException {
        public UnknownApiKeyException(UUID keyId) {
            super("no usable API key " + keyId);
        }
    }

}
