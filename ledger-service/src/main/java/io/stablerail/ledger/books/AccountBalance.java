package io.stablerail.ledger.books;

import java.math.BigInteger;

/** An account's balance on its normal side (positive for money the platform holds or owes). */
public record AccountBalance(AccountRef account, BigInteger balance) {
}
