package io.stablerail.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stablerail.events.SystemRandom;

/** Random identifiers and secrets of the gateway (API keys, merchant, endpoint and event ids), and their hashing. */
public final class Tokens {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = SystemRandom.secure(); // the JDK's, whatever provider is first

    private Tokens() {
    }

    /** {@code length} characters from [A-Za-z0-9], from a cryptographic random source. */
    public static String randomAlphanumeric(int length) {
        StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return builder.toString();
    }

    /**
     * A credential {@code <id>_<secret>} (API keys {@code srk_…}, ops users {@code sro_…}): the id is the visible,
     * stored part, the secret is kept only as SHA-256. {@link #toString()} hides the secret.
     */
    public record Prefixed(String id, String secret) {

        private static final Pattern SHAPE = Pattern.compile("^([a-z]{3}_[A-Za-z0-9]{16})_([A-Za-z0-9]{40})$");

        /** A new credential: {@code kind_} + 16 characters of id, 40 of secret. */
        public static Prefixed generate(String kind) {
            return new Prefixed(kind + "_" + randomAlphanumeric(16), randomAlphanumeric(40));
        }

        /** The credential in {@code token} if it has the shape of one of {@code kind} ({@code srk}, {@code sro}). */
        public static Optional<Prefixed> parse(String token, String kind) {
            if (token == null || !token.startsWith(kind + "_")) {
                return Optional.empty();
            }
            Matcher matcher = SHAPE.matcher(token);
            return matcher.matches() ? Optional.of(new Prefixed(matcher.group(1), matcher.group(2))) : Optional.empty();
        }

        /** Constant-time comparison of the secret's SHA-256 with the stored one. */
        public boolean secretMatches(byte[] storedSha256) {
            return MessageDigest.isEqual(storedSha256, sha256(secret));
        }

        public byte[] secretSha256() {
            return sha256(secret);
        }

        /** The token to hand out once: {@code <id>_<secret>}. */
        public String token() {
            return id + "_" + secret;
        }

        @Override
        public String toString() {
            return "Prefixed[id=" + id + ", secret=<redacted>]";
        }
    }

    /** SHA-256 of the UTF-8 bytes; the right hash for high-entropy secrets such as API keys and tokens. */
    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
