package io.stablerail.chain.signer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

import io.stablerail.chain.keys.CoinType;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;

/**
 * A key held in this process: from an encrypted (Web3 Secret Storage v3) keystore file, from an environment variable
 * in development, or derived from an HD seed ({@code m/44'/coin'/account'/0/index}). The private key is never
 * logged, printed or returned; {@link #toString()} shows the key id and address only.
 */
public final class LocalKeySigner implements TransactionSigner {

    private final String keyId;
    private final ECKeyPair keyPair;
    private final byte[] publicKey;

    private LocalKeySigner(String keyId, ECKeyPair keyPair) {
        this.keyId = keyId;
        this.keyPair = keyPair;
        this.publicKey = Numeric.toBytesPadded(keyPair.getPublicKey(), 64);
    }

    /** A raw private key; meant for devnets and tests (production keys come from a keystore, a seed or KMS). */
    public static LocalKeySigner ofPrivateKey(String keyId, BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new IllegalArgumentException("not a secp256k1 private key");
        }
        return new LocalKeySigner(keyId, ECKeyPair.create(privateKey));
    }

    /** An encrypted keystore file (scrypt or pbkdf2, as written by geth, web3j or MetaMask exports). */
    public static LocalKeySigner fromKeystore(Path file, String password) {
        try {
            return new LocalKeySigner("keystore:" + file.getFileName(),
                    WalletUtils.loadCredentials(password, file.toFile()).getEcKeyPair());
        } catch (CipherException e) {
            throw new SignerException("cannot decrypt keystore " + file.getFileName() + " (wrong password?)");
        } catch (IOException e) {
            throw new SignerException("cannot read keystore " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** A hex private key in an environment variable (development only); the variable's name is the key id. */
    public static LocalKeySigner fromEnvironment(String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new SignerException("environment variable " + variable + " is not set");
        }
        String hex = Numeric.cleanHexPrefix(value.strip());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new SignerException("environment variable " + variable + " is not a 32-byte hex private key");
        }
        return ofPrivateKey("env:" + variable, new BigInteger(hex, 16));
    }

    /** The BIP-44 key {@code m/44'/coin'/account'/0/index} of a seed (key side: sweeping deposit addresses). */
    public static LocalKeySigner fromSeed(byte[] seed, CoinType coin, int account, int index) {
        if (account < 0 || index < 0) {
            throw new IllegalArgumentException("account and index must be 0 to 2^31-1");
        }
        int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, coin.number() | Bip32ECKeyPair.HARDENED_BIT,
                account | Bip32ECKeyPair.HARDENED_BIT, 0, index};
        Bip32ECKeyPair key = Bip32ECKeyPair.deriveKeyPair(Bip32ECKeyPair.generateKeyPair(seed), path);
        return new LocalKeySigner("m/44'/" + coin.number() + "'/" + account + "'/0/" + index,
                ECKeyPair.create(key.getPrivateKey()));
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public RecoverableSignature signDigest(byte[] digest32) {
        if (digest32 == null || digest32.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        Sign.SignatureData signature = Sign.signMessage(digest32, keyPair, false);
        return new RecoverableSignature(new BigInteger(1, signature.getR()), new BigInteger(1, signature.getS()),
                signature.getV()[0] - 27);
    }

    @Override
    public String toString() {
        return "LocalKeySigner[" + keyId + ", " + evmAddress() + "]";
    }
}
