package io.stablerail.deposit.support;

import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.HdKeys;

/** Account xpubs of the well-known BIP-39 test mnemonic (never a real wallet): the key side's view of a merchant. */
public final class TestKeys {

    /** The BIP-39 test vector mnemonic ("abandon … about"), from the BIP-39 reference vectors. */
    public static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon about";
    private static final byte[] SEED = HdKeys.seed(MNEMONIC, "");

    private TestKeys() {
    }

    public static String tronXpub(int account) {
        return HdKeys.accountPublicKey(SEED, CoinType.TRON, account).serialize();
    }

    public static String evmXpub(int account) {
        return HdKeys.accountPublicKey(SEED, CoinType.ETHEREUM, account).serialize();
    }
}
