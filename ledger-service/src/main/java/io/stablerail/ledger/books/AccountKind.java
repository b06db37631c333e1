package io.stablerail.ledger.books;

/**
 * What an account is for. Merchant accounts are liabilities (credit-normal) and never negative; platform wallets are
 * assets (debit-normal, per chain, token and wallet) and never negative; expense, revenue, conversion and suspense
 * accounts may go negative (a suspense or conversion account is where differences wait to be explained).
 */
public enum AccountKind {
    MERCHANT_AVAILABLE(NormalSide.CREDIT, false, true, false),
    MERCHANT_HELD(NormalSide.CREDIT, false, true, false),
    MERCHANT_ESCROW(NormalSide.CREDIT, false, true, false),
    HOT_WALLET(NormalSide.DEBIT, false, false, true),
    COLD_WALLET(NormalSide.DEBIT, false, false, true),
    DEPOSIT_WALLET(NormalSide.DEBIT, false, false, true),
    NETWORK_FEE_EXPENSE(NormalSide.DEBIT, true, false, false),
    FEE_REVENUE(NormalSide.CREDIT, true, false, false),
    CONVERSION(NormalSide.DEBIT, true, false, false),
    SUSPENSE(NormalSide.DEBIT, true, false, false);

    /** The side on which the account's balance is positive. */
    public enum NormalSide { DEBIT, CREDIT }

    private final NormalSide normalSide;
    private final boolean mayGoNegative;
    private final boolean merchantOwned;
    private final boolean onChainWallet;

    AccountKind(NormalSide normalSide, boolean mayGoNegative, boolean merchantOwned, boolean onChainWallet) {
        this.normalSide = normalSide;
        this.mayGoNegative = mayGoNegative;
        this.merchantOwned = merchantOwned;
        this.onChainWallet = onChainWallet;
    }

    public NormalSide normalSide() {
        return normalSide;
    }

    public boolean mayGoNegative() {
        return mayGoNegative;
    }

    public boolean merchantOwned() {
        return merchantOwned;
    }

    public boolean onChainWallet() {
        return onChainWallet;
    }

    /** +1 when a credit (positive posting amount) raises the balance, -1 when it lowers it. */
    public int creditSign() {
        return normalSide == NormalSide.CREDIT ? 1 : -1;
    }
}
