package io.stablerail.deposit.addresses;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Persistence port of addresses. Every method joins the caller's transaction. */
public interface AddressRepository {

    /** Inserts the xpub unless the merchant already has one for the coin; returns the stored xpub either way. */
    String insertXpubIfAbsent(String merchantId, int coin, String xpub);

    Optional<String> xpub(String merchantId, int coin);

    /** Allocates the next derivation index of (merchant, coin), serialized on the counter row. */
    int allocateIndex(String merchantId, int coin);

    void insert(DepositAddress address, int coin, String matchKey);

    Optional<DepositAddress> find(String merchantId, UUID addressId);

    /** At most {@code limit} addresses of the merchant with {@code seq > afterSeq}, in seq order. */
    List<DepositAddress> list(String merchantId, long afterSeq, int limit);

    /** One indexed, set-based lookup of a batch of candidate match keys; keys that are not ours are absent. */
    Map<String, AddressMatch> match(Collection<String> matchKeys);
}
