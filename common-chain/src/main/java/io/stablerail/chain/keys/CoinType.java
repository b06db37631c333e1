package io.stablerail.chain.keys;

/** SLIP-44 coin types of the BIP-44 paths StableRail uses: 60 on every EVM chain, 195 on TRON. */
public enum CoinType {
    ETHEREUM(60), TRON(195);

    private final int number;

    CoinType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
