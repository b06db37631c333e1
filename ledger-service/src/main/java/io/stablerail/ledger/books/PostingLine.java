package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One leg of an entry: positive amount = credit, negative = debit, in the account currency's minor units.
 */
public record PostingLine(AccountRef account, BigInteger amount) {

    public PostingLine {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() == 0) {
            throw LedgerException.invalid("a posting amount must not be zero (" + account.code() + ")");
        }
        if (amount.abs().bitLength() > 250) {
            throw LedgerException.invalid("posting amount out of range");
        }
    }

    public static PostingLine credit(AccountRef account, BigInteger amount) {
        return new PostingLine(account, amount);
    }

    public static PostingLine debit(AccountRef account, BigInteger amount) {
        return new PostingLine(account, amount.negate());
    }

    public Currency currency() {
        return account.currency();
    }
}
