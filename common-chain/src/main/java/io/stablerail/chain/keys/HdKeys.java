package io.stablerail.chain.keys;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;

/**
 * The key side (withdrawal-service, which holds the seed): BIP-39 mnemonic → seed, and the account-level xpub
 * {@code m/44'/coin'/merchant'} handed to deposit-service. Nothing here keeps, logs or prints a seed or a key.
 */
public final class HdKeys {

    private HdKeys() {
    }

    /** BIP-39 seed; the mnemonic's words and checksum are validated first. */
    public static byte[] seed(String mnemonic, String passphrase) {
        if (mnemonic == null || !MnemonicUtils.validateMnemonic(mnemonic)) {
            throw new IllegalArgumentException("not a valid BIP-39 mnemonic (words or checksum)");
        }
        return MnemonicUtils.generateSeed(mnemonic, passphrase == null ? "" : passphrase);
    }

    /** {@code m/44'/coin'/account'} as a watch-only extended public key. */
    public static ExtendedPublicKey accountPublicKey(byte[] seed, CoinType coin, int account) {
        if (account < 0) {
            throw new IllegalArgumentException("account must be 0 to 2^31-1");
        }
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        Bip32ECKeyPair accountKey = Bip32ECKeyPair.deriveKeyPair(master, new int[] {
                44 | Bip32ECKeyPair.HARDENED_BIT, coin.number() | Bip32ECKeyPair.HARDENED_BIT,
                account | Bip32ECKeyPair.HARDENED_BIT});
        return ExtendedPublicKey.of(accountKey);
    }
}
