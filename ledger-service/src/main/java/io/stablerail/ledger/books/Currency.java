package io.stablerail.ledger.books;

/**
 * Currencies the books hold, each in integer minor units. Merchants hold USDT and USDC (6 decimals on every chain
 * StableRail supports); the native gas assets exist only on platform accounts, to book network fees.
 */
public enum Currency {
    USDT(true), USDC(true), TRX(false), ETH(false), POL(false);

    private final boolean stablecoin;

    Currency(boolean stablecoin) {
        this.stablecoin = stablecoin;
    }

    public boolean isStablecoin() {
        return stablecoin;
    }

    public static Currency parse(String code) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw LedgerException.invalid("unknown currency: " + code);
        }
    }
}
