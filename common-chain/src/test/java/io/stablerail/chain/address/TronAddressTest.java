package io.stablerail.chain.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.ECKeyPair;

/**
 * Vectors from the TRON wallet tests of oxygenpay/oxygen (internal/kms/wallet, TestTronProvider_Generate and
 * TestTronProvider_ValidateAddress).
 */
class TronAddressTest {

    @ParameterizedTest
    @CsvSource({
            "TBREsCfBdPyD612xZnwvGPux7osbXvtzLh, 410fe47f49fd91f0edb7fa2b94a3c45d9c2231709c",
            "TLrPF5aTqtqLxFo1Y69jpQvZ2T4ydkX9pC, 41775f057150b85086f456aac88fd52ba8e35db282",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, 41a614f803b6fd780986a42c78ec9c7f77e6ded13c",
            "THPvaUhoh2Qn2y9THCZML3H815hhFhn5YC, 41517591d35d313bf6a5e33098284502b045e2bc08"})
    void base58AndHexFormsAreTheSameAddress(String base58, String hex) {
        assertThat(TronAddress.parse(base58).hex()).isEqualTo(hex);
        assertThat(TronAddress.parse(hex).base58()).isEqualTo(base58);
        assertThat(TronAddress.parse(hex)).isEqualTo(TronAddress.parse(base58));
    }

    @Test
    void theAddressOfPrivateKeyOnesIsTheSdkVector() {
        ECKeyPair key = ECKeyPair.create(new BigInteger("0101010101010101010101010101010101010101010101010101010101010101", 16));
        byte[] publicKey64 = Arrays.copyOfRange(toUncompressed(key.getPublicKey()), 0, 64);

        assertThat(TronAddress.ofPublicKey(publicKey64).base58()).isEqualTo("TCNkawTmcQgYSU8nP8cHswT1QPjharxJr7");
        assertThat("04" + HexFormat.of().formatHex(publicKey64)).isEqualTo("041b84c5567b126440995d3ed5aaba0565d71e18"
                + "34604819ff9c17f5e9d5dd078f70beaf8f588b541507fed6a642c5ab42dfdf8120a7f639de5122d47a69a8e8d1");
    }

    /** The base58 form kept from the parsed text is exactly what encoding the bytes again gives. */
    @Test
    void theBase58FormKeptFromTheTextIsTheEncodingOfItsBytes() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[21];
            random.nextBytes(bytes);
            bytes[0] = TronAddress.PREFIX;
            if (i % 50 == 0) {
                Arrays.fill(bytes, 1, 1 + random.nextInt(20), (byte) 0); // runs of zero bytes after the prefix
            }
            String encoded = Base58Check.encode(bytes);
            TronAddress parsed = TronAddress.parse(encoded);

            assertThat(parsed.base58()).isEqualTo(encoded);
            assertThat(Base58Check.encode(parsed.bytes())).isEqualTo(encoded);
            assertThat(TronAddress.parse(parsed.hex()).base58()).isEqualTo(encoded);
        }
    }

    /**
     * Parses are remembered by text: the same text gives the same instance, the hex and base58 texts of one address give
     * equal ones, a refused text is refused again (never remembered), and the cache stays within its bound.
     */
    @Test
    void parsesAreRememberedByTextWithinABound() {
        TronAddress first = TronAddress.parse("TW9Lv3KUDwqHThtPNfudA8ZwLNwqiCUpwD");
        assertThat(TronAddress.parse("TW9Lv3KUDwqHThtPNfudA8ZwLNwqiCUpwD")).isSameAs(first);
        assertThat(TronAddress.parse(first.hex())).isEqualTo(first).isNotSameAs(first);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> TronAddress.parse("TCy1P7aRqvcgrY2BwbrV4aZ8ujfUCsy8ks"))
                    .isInstanceOf(InvalidAddressException.class).hasMessageContaining("checksum");
        }

        byte[] bytes = new byte[21];
        bytes[0] = TronAddress.PREFIX;
        for (int i = 0; i < TronAddress.PARSED_MAX + 10; i++) {
            bytes[17] = (byte) (i >>> 24);
            bytes[18] = (byte) (i >>> 16);
            bytes[19] = (byte) (i >>> 8);
            bytes[20] = (byte) i;
            TronAddress parsed = TronAddress.parse(java.util.HexFormat.of().formatHex(bytes));
            assertThat(parsed.bytes()).isEqualTo(bytes);
            assertThat(TronAddress.parsedCount()).isLessThanOrEqualTo(TronAddress.PARSED_MAX);
        }
        assertThat(TronAddress.parse("TW9Lv3KUDwqHThtPNfudA8ZwLNwqiCUpwD")).as("parsed again after the cache was emptied")
                .isEqualTo(first);
    }

    @Test
    void invalidFormsAreRefusedWithAReason() {
        assertThat(TronAddress.parse("TW9Lv3KUDwqHThtPNfudA8ZwLNwqiCUpwD").base58())
                .isEqualTo("TW9Lv3KUDwqHThtPNfudA8ZwLNwqiCUpwD");
        assertThatThrownBy(() -> TronAddress.parse("TCy1P7aRqvcgrY2BwbrV4aZ8ujfUCsy8krA"))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("34 base58 characters");
        assertThatThrownBy(() -> TronAddress.parse("TCy1P7aRqvcgrY2BwbrV4aZ8ujfUCsy8kI"))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("'I'");
        assertThatThrownBy(() -> TronAddress.parse("TCy1P7aRqvcgrY2BwbrV4aZ8ujfUCsy8ks"))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> TronAddress.parse("42a614f803b6fd780986a42c78ec9c7f77e6ded13c"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> TronAddress.parse("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"))
                .isInstanceOf(InvalidAddressException.class);
    }

    private static byte[] toUncompressed(BigInteger publicKey) {
        byte[] raw = publicKey.toByteArray();
        byte[] out = new byte[64];
        int copy = Math.min(raw.length, 64);
        System.arraycopy(raw, raw.length - copy, out, 64 - copy, copy);
        return out;
    }
}
