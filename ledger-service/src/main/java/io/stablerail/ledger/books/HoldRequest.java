package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Reserve {@code amount} of a merchant's available {@code currency} under a caller-chosen id (e.g. derived from a
 * withdrawal id), optionally until {@code expiresAt}.
 */
public record HoldRequest(UUID holdId, String merchantId, Currency currency, BigInteger amount, Instant expiresAt,
                          String reference) {

    public HoldRequest {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw LedgerException.invalid("a hold amount must be positive");
        }
        AccountRef.merchantAvailable(merchantId, currency); // validates merchant id and currency
    }

    public String fingerprint() {
        return EntryRequest.sha256(holdId + "|" + merchantId + "|" + currency + "|" + amount + "|" + expiresAt + "|"
                + reference);
    }
}
