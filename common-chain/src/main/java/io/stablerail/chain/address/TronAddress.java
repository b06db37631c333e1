package io.stablerail.chain.address;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import org.web3j.crypto.Keys;

/**
 * A TRON address: 21 bytes, the first being 0x41, shown as base58check ({@code T…}) or hex ({@code 41…}).
 */
public final class TronAddress {

    public static final byte PREFIX = 0x41;
    /** Texts remembered at most; the cache is emptied when full, so distinct inputs without end cannot grow it. */
    static final int PARSED_MAX = 50_000;
    /**
     * Addresses parsed before, by their text (base58 or hex). The same few addresses — token contracts, hot wallets, the
     * deposit addresses in use — are parsed at every step of every deposit and withdrawal, in every service, and each
     * base58 parse verifies a checksum (two SHA-256 rounds; ~9 % of the deposit pipeline's CPU before this cache), each
     * hex parse shown in base58 encodes one. Parsing is a pure function of the text and the instances are immutable
     * (their base58 memo is racy-safe), so a remembered answer is the answer. Refused texts are never remembered.
     */
    private static final ConcurrentHashMap<String, TronAddress> PARSED = new ConcurrentHashMap<>();
    private final byte[] bytes;
    /**
     * The base58check form, kept once known (the text it was parsed from, or the first encoding): a deposit's address
     * is parsed and shown again at every step, and each encoding costs two SHA-256 rounds. Racy but safe, as
     * {@code String.hashCode}: every thread computes the same immutable string.
     */
    private String base58;

    private TronAddress(byte[] bytes, String base58) {
        this(bytes);
        this.base58 = base58;
    }

    private TronAddress(byte[] bytes) {
        if (bytes.length != 21) {
            throw new InvalidAddressException("a TRON address has 21 bytes, got " + bytes.length);
        }
        if (bytes[0] != PREFIX) {
            throw new InvalidAddressException(String.format("a TRON address starts with 0x41, got 0x%02x", bytes[0]));
        }
        this.bytes = bytes.clone();
    }

    /** Base58check ({@code T…}, 34 characters) or hex ({@code 41…}, 42 digits). */
    public static TronAddress parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("no address");
        }
        TronAddress known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        TronAddress parsed = parseText(text);
        if (PARSED.size() >= PARSED_MAX) {
            PARSED.clear();
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    /** Remembered parses: for tests of the bound. */
    static int parsedCount() {
        return PARSED.size();
    }

    private static TronAddress parseText(String text) {
        if (text.length() == 42 && text.toLowerCase(Locale.ROOT).startsWith("41")) {
            try {
                return new TronAddress(HexFormat.of().parseHex(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidAddressException("not hex: " + text);
            }
        }
        if (text.length() != 34 || text.charAt(0) != 'T') {
            throw new InvalidAddressException("a TRON address is 34 base58 characters starting with T, or 42 hex "
                    + "digits starting with 41; got " + text.length() + " characters");
        }
        // a base58check string that decodes (checksum verified) is the one encoding of its bytes: keep it as is
        return new TronAddress(Base58Check.decode(text), text);
    }

    /** The address of an uncompressed secp256k1 public key (64 bytes x‖y): 0x41 ‖ last 20 bytes of keccak256. */
    public static TronAddress ofPublicKey(byte[] publicKey64) {
        byte[] evm = Keys.getAddress(publicKey64);
        byte[] bytes = new byte[21];
        bytes[0] = PREFIX;
        System.arraycopy(evm, 0, bytes, 1, 20);
        return new TronAddress(bytes);
    }

    public String base58() {
        String known = base58;
        if (known == null) {
            known = Base58Check.encode(bytes);
            base58 = known;
        }
        return known;
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TronAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base58();
    }
}
