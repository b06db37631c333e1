package io.stablerail.withdrawal.onboarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.HdKeys;

/**
 * The HD seed behind every merchant's deposit addresses (DESIGN rule 9): it stays in this object, which only ever
 * gives out account-level extended <em>public</em> keys. It is read once at startup from a file holding a BIP-39
 * mnemonic (a mounted secret in production); its words, the seed and any private key are never logged, serialized or
 * shown — {@link #toString()} says nothing about them, and no error message repeats the file's content.
 */
public final class DepositSeed {

    /** The merchant's account-level xpubs: {@code m/44'/195'/account'} (TRON) and {@code m/44'/60'/account'} (EVM). */
    public record AccountXpubs(String tronXpub, String evmXpub) {
    }

    /** A 24-word mnemonic is at most ~220 bytes; anything much larger is not one (and is not read into memory). */
    static final int FILE_BYTES_MAX = 4096;

    private final byte[] seed;

    private DepositSeed(byte[] seed) {
        this.seed = seed;
    }

    /**
     * Reads the mnemonic file. Fails with a reason that names the setting and the file, never the content, when the
     * setting is missing, the file cannot be read or does not hold a valid BIP-39 mnemonic.
     *
     * @param file the value of {@code stablerail.keys.deposit-seed-file}; null or blank when not configured
     */
    public static DepositSeed load(String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("no deposit key seed: set stablerail.keys.deposit-seed-file "
                    + "(STABLERAIL_DEPOSIT_SEED_FILE) to a file holding the BIP-39 mnemonic of the HD seed behind "
                    + "deposit addresses; withdrawal-service does not start without it, because merchants could not "
                    + "be onboarded");
        }
        Path path = Path.of(file.strip());
        String mnemonic;
        try {
            if (Files.size(path) > FILE_BYTES_MAX) {
                throw new IllegalStateException("deposit key seed file " + path
                        + " (stablerail.keys.deposit-seed-file) is larger than " + FILE_BYTES_MAX
                        + " bytes: not a mnemonic");
            }
            mnemonic = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalStateException("deposit key seed file " + path + " (stablerail.keys.deposit-seed-file) "
                    + "cannot be read: " + e.getClass().getSimpleName());
        }
        return fromMnemonic(mnemonic, path.toString());
    }

    /** From the mnemonic's words (whitespace-separated, surrounding whitespace ignored). */
    public static DepositSeed fromMnemonic(String mnemonic, String source) {
        String words = mnemonic == null ? "" : String.join(" ", mnemonic.strip().split("\\s+"));
        try {
            return new DepositSeed(HdKeys.seed(words, ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("deposit key seed from " + source + " is not a valid BIP-39 mnemonic "
                    + "(words or checksum)");
        }
    }

    /** The account-level xpubs of one merchant's BIP-32 account (0 to 2^31-1). */
    public AccountXpubs accountXpubs(int account) {
        if (account < 0) {
            throw new IllegalArgumentException("account index must be 0 to 2^31-1, was " + account);
        }
        return new AccountXpubs(HdKeys.accountPublicKey(seed, CoinType.TRON, account).serialize(),
                HdKeys.accountPublicKey(seed, CoinType.ETHEREUM, account).serialize());
    }

    @Override
    public String toString() {
        return "DepositSeed[redacted]";
    }
}
