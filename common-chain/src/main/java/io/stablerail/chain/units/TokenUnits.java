package io.stablerail.chain.units;

import java.math.BigInteger;

/**
 * Token base units (what a contract counts: {@code decimals} of the token) ↔ currency minor units (what the ledger
 * counts: 6 decimals for USDT and USDC). Exact both ways: a conversion that would drop a non-zero digit is an error,
 * never a rounding.
 */
public final class TokenUnits {

    public static final int DECIMALS_MAX = 36;

    private TokenUnits() {
    }

    public static BigInteger toMinorUnits(BigInteger baseUnits, int tokenDecimals, int currencyDecimals) {
        return rescale(baseUnits, tokenDecimals, currencyDecimals, "token base units", "minor units");
    }

    public static BigInteger toBaseUnits(BigInteger minorUnits, int currencyDecimals, int tokenDecimals) {
        return rescale(minorUnits, currencyDecimals, tokenDecimals, "minor units", "token base units");
    }

    private static BigInteger rescale(BigInteger amount, int fromDecimals, int toDecimals, String from, String to) {
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException(from + " must be zero or positive");
        }
        if (fromDecimals < 0 || toDecimals < 0 || fromDecimals > DECIMALS_MAX || toDecimals > DECIMALS_MAX) {
            throw new IllegalArgumentException("decimals must be 0 to " + DECIMALS_MAX);
        }
        if (toDecimals >= fromDecimals) {
            return amount.multiply(BigInteger.TEN.pow(toDecimals - fromDecimals));
        }
        BigInteger[] division = amount.divideAndRemainder(BigInteger.TEN.pow(fromDecimals - toDecimals));
        if (division[1].signum() != 0) {
            throw new PrecisionLossException(amount + " " + from + " (" + fromDecimals + " decimals) cannot be "
                    + "expressed in " + to + " (" + toDecimals + " decimals) without losing " + division[1]);
        }
        return division[0];
    }

    /** A conversion would lose precision; nothing is rounded. */
    public static class PrecisionLossException extends IllegalArgumentException {
        public PrecisionLossException(String message) {
            super(message);
        }
    }
}
