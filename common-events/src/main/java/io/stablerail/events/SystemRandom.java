package io.stablerail.events;

import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;

/**
 * A {@link SecureRandom} of the JDK's own {@code SUN} provider, whatever provider is registered first.
 *
 * <p>Why: the chain libraries (trident, web3j's crypto) register BouncyCastle as the <em>first</em> security provider
 * when their classes load, and from then on {@code new SecureRandom()} — and {@link java.util.UUID#randomUUID()}, if
 * called first after that — is BouncyCastle's {@code DEFAULT} DRBG, which reseeds itself from a hash-based entropy
 * source on every call: about 15 µs per 8 random bytes on this project's machines, against about 0.1–0.2 µs for the
 * JDK's {@code NativePRNGNonBlocking} (the kernel's CSPRNG, {@code /dev/urandom}, mixed with SHA1PRNG). A service
 * making an id per event paid more for its random bits than for its JSON. Both are cryptographically strong.
 */
public final class SystemRandom {

    private SystemRandom() {
    }

    /**
     * A new generator: {@code NativePRNGNonBlocking} from {@code SUN} (Linux, macOS), else the {@code SUN} provider's
     * {@code DRBG} (Windows), else the platform default.
     */
    public static SecureRandom secure() {
        for (String algorithm : new String[] {"NativePRNGNonBlocking", "DRBG"}) {
            try {
                return SecureRandom.getInstance(algorithm, "SUN");
            } catch (NoSuchAlgorithmException | NoSuchProviderException notHere) {
                // next choice
            }
        }
        return new SecureRandom();
    }
}
