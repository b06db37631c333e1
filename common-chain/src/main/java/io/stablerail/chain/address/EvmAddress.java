package io.stablerail.chain.address;

import java.util.Locale;
import java.util.regex.Pattern;

import org.web3j.crypto.Keys;

/**
 * An EVM address, kept in its EIP-55 checksummed form. All-lower and all-upper hex are accepted (no checksum to
 * check); mixed case must match the EIP-55 checksum exactly.
 */
public record EvmAddress(String checksummed) {

    private static final Pattern HEX40 = Pattern.compile("0x[0-9a-fA-F]{40}");

    public EvmAddress {
        if (checksummed == null || !checksummed.equals(Keys.toChecksumAddress(checksummed))) {
            throw new InvalidAddressException("not an EIP-55 checksummed address: " + checksummed);
        }
    }

    public static EvmAddress parse(String text) {
        if (text == null || !HEX40.matcher(text).matches()) {
            throw new InvalidAddressException("an EVM address is 0x followed by 40 hex digits, got " + text);
        }
        String digits = text.substring(2);
        boolean uniformCase = digits.equals(digits.toLowerCase(Locale.ROOT))
                || digits.equals(digits.toUpperCase(Locale.ROOT));
        String checksummed = Keys.toChecksumAddress(text.toLowerCase(Locale.ROOT));
        if (!uniformCase && !checksummed.equals(text)) {
            throw new InvalidAddressException("mixed-case address fails its EIP-55 checksum (expected " + checksummed
                    + ")");
        }
        return new EvmAddress(checksummed);
    }

    /** The address of an uncompressed secp256k1 public key (64 bytes x‖y, no 0x04 prefix). */
    public static EvmAddress ofPublicKey(byte[] publicKey64) {
        return new EvmAddress(Keys.toChecksumAddress("0x" + java.util.HexFormat.of().formatHex(Keys.getAddress(publicKey64))));
    }

    /** The 20 bytes, lower-case hex without 0x. */
    public String hex() {
        return checksummed.substring(2).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return checksummed;
    }
}
