package io.stablerail.gateway.merchants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence port of merchants and API keys. */
public interface MerchantRepository {

    /** The next BIP-32 account index from the database sequence: unique, never handed out twice. */
    int allocateAccountIndex();

    void insertMerchant(Merchant merchant);

    Optional<Merchant> findMerchant(String merchantId);

    void insertKey(ApiKey key, byte[] secretSha256);

    /** The key with this prefix and its stored secret hash. */
    Optional<StoredKey> findKeyByPrefix(String prefix);

    record StoredKey(ApiKey key, byte[] secretSha256) {
    }

    Optional<ApiKey> findKey(UUID keyId);

    /** Keys of a merchant, oldest first, after {@code startingAfter} (exclusive; null from the start). */
    List<ApiKey> listKeys(String merchantId, UUID startingAfter, int limit);

    boolean revoke(UUID keyId, Instant at);

    void expireAndReplace(UUID keyId, Instant expiresAt, UUID replacedBy);
}
