package io.stablerail.devnet.evm;

/**
 * The devnet's test tokens (Solidity sources in {@code chain-devnet/evm/contracts}, 6 decimals each). The
 * function names are those of the contracts the tokens imitate.
 */
public enum DevnetToken {
    /** Like Ethereum USDT (TetherToken): {@code transfer} returns nothing, {@code addBlackList} blocks a sender. */
    USDT_LIKE("TetherLikeToken", "Tether USD (devnet)", "USDT", "issueTo", "addBlackList"),
    /** Like USDC (FiatToken): {@code transfer} returns bool, {@code blacklist} makes transfers from or to revert. */
    USDC_LIKE("CircleLikeToken", "USD Coin (devnet)", "USDC", "mint", "blacklist");

    public static final int DECIMALS = 6;

    private final String contractName;
    private final String tokenName;
    private final String symbol;
    private final String mintFunction;
    private final String blacklistFunction;

    DevnetToken(String contractName, String tokenName, String symbol, String mintFunction, String blacklistFunction) {
        this.contractName = contractName;
        this.tokenName = tokenName;
        this.symbol = symbol;
        this.mintFunction = mintFunction;
        this.blacklistFunction = blacklistFunction;
    }

    public String contractName() {
        return contractName;
    }

    public String tokenName() {
        return tokenName;
    }

    public String symbol() {
        return symbol;
    }

    String mintFunction() {
        return mintFunction;
    }

    String blacklistFunction() {
        return blacklistFunction;
    }
}
