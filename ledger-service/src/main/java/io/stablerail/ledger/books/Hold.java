package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** A two-phase reservation of merchant funds. {@code postedAmount} is set only when POSTED. */
public record Hold(UUID id, String merchantId, Currency currency, BigInteger amount, HoldStatus status,
                   BigInteger postedAmount, Instant expiresAt, String reference, Instant createdAt,
                   Instant resolvedAt) {
}
