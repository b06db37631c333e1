package io.stablerail.ledger.books;

import java.math.BigInteger;

/** A merchant's money in one currency: available to withdraw, held for pending withdrawals, and their total. */
public record MerchantBalance(Currency currency, BigInteger available, BigInteger held) {

    public BigInteger total() {
        return available.add(held);
    }
}
