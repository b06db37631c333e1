package io.stablerail.chain.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Bip32ECKeyPair;

/**
 * BIP-32 test vectors 1 and 2 (bitcoin/bips, bip-0032.mediawiki, "Test Vectors"). Private derivation is web3j's;
 * serialization and public-only derivation (CKDpub) are ours and must reproduce the published xpubs.
 */
class Bip32VectorsTest {

    static final int H = Bip32ECKeyPair.HARDENED_BIT;

    static ExtendedPublicKey xpubOf(String seedHex, int... path) {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(HexFormat.of().parseHex(seedHex));
        return ExtendedPublicKey.of(path.length == 0 ? master : Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    @Test
    void vector1SerializationOfPrivateDerivation() {
        String seed = "000102030405060708090a0b0c0d0e0f";
        assertThat(xpubOf(seed).serialize()).isEqualTo(
                "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8");
        assertThat(xpubOf(seed, 0 | H).serialize()).isEqualTo(
                "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw");
        assertThat(xpubOf(seed, 0 | H, 1, 2 | H).serialize()).isEqualTo(
                "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5");
    }

    @Test
    void vector1PublicDerivationFromTheXpubAlone() {
        ExtendedPublicKey m0h = ExtendedPublicKey.parse(
                "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw");
        assertThat(m0h.derive(1).serialize()).isEqualTo(
                "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ");

        ExtendedPublicKey m0h12h = ExtendedPublicKey.parse(
                "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5");
        assertThat(m0h12h.derive(2).serialize()).isEqualTo(
                "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV");
        assertThat(m0h12h.derive(2, 1_000_000_000).serialize()).isEqualTo(
                "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy");
    }

    @Test
    void vector2PublicDerivationFromTheMasterXpub() {
        String seed = "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875"
                + "726f6c696663605d5a5754514e4b484542";
        ExtendedPublicKey master = xpubOf(seed);
        assertThat(master.serialize()).isEqualTo(
                "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB");
        assertThat(master.derive(0).serialize()).isEqualTo(
                "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH");
        assertThat(ExtendedPublicKey.parse(master.serialize())).isEqualTo(master);
    }

    @Test
    void hardenedChildrenCannotComeFromAPublicKey() {
        ExtendedPublicKey master = xpubOf("000102030405060708090a0b0c0d0e0f");
        assertThatThrownBy(() -> master.derive(0 | H)).hasMessageContaining("hardened");
        assertThatThrownBy(() -> ExtendedPublicKey.parse(
                "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"))
                .hasMessageContaining("not an xpub");
    }
}
