package io.stablerail.chain.address;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Base58 with a 4-byte double-SHA-256 checksum, as Bitcoin extended keys and TRON addresses use it. */
public final class Base58Check {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58Check() {
    }

    public static String encode(byte[] payload) {
        byte[] checksum = Arrays.copyOf(doubleSha256(payload), 4);
        byte[] data = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(checksum, 0, data, payload.length, 4);
        return encodePlain(data);
    }

    /** The payload, or an {@link InvalidAddressException} saying what is wrong. */
    public static byte[] decode(String text) {
        byte[] data = decodePlain(text);
        if (data.length < 5) {
            throw new InvalidAddressException("too short for base58check");
        }
        byte[] payload = Arrays.copyOf(data, data.length - 4);
        byte[] checksum = Arrays.copyOfRange(data, data.length - 4, data.length);
        if (!MessageDigest.isEqual(checksum, Arrays.copyOf(doubleSha256(payload), 4))) {
            throw new InvalidAddressException("base58check checksum does not match");
        }
        return payload;
    }

    static String encodePlain(byte[] data) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, data);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            out.append(ALPHABET.charAt(0));
        }
        return out.reverse().toString();
    }

    static byte[] decodePlain(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            throw new InvalidAddressException("empty or too long for base58");
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new InvalidAddressException("'" + text.charAt(i) + "' at position " + i + " is not a base58 character");
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.toByteArray();
        int signByte = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        int leadingZeros = 0;
        while (leadingZeros < text.length() && text.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        int length = value.signum() == 0 ? 0 : magnitude.length - signByte;
        byte[] out = new byte[leadingZeros + length];
        System.arraycopy(magnitude, signByte, out, leadingZeros, length);
        return out;
    }

    static byte[] doubleSha256(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
