package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * One posting on a merchant's statement; {@code cursor} is the posting's position, used for {@code starting_after}.
 */
public record StatementLine(long cursor, UUID entryId, String entryType, String reference, String accountKind,
                            Currency currency, BigInteger amount, Instant recordedAt) {
}
