package io.stablerail.chain.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;

class Bip39AndDepositAddressTest {

    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon about";

    /** Entropy ↔ mnemonic of the BIP-39 reference vectors (trezor/python-mnemonic, vectors.json, "english"). */
    @ParameterizedTest
    @CsvSource({
            "00000000000000000000000000000000, " + ABANDON,
            "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f, legal winner thank year wave sausage worth useful legal winner thank yellow",
            "80808080808080808080808080808080, letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
            "ffffffffffffffffffffffffffffffff, zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
            "9e885d952ad362caeb4efe34a8e91bd2, ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic"})
    void entropyAndMnemonicMatchTheReferenceVectors(String entropy, String mnemonic) {
        assertThat(MnemonicUtils.generateMnemonic(HexFormat.of().parseHex(entropy))).isEqualTo(mnemonic);
        assertThat(HexFormat.of().formatHex(MnemonicUtils.generateEntropy(mnemonic))).isEqualTo(entropy);
    }

    /** The BIP-39 seed vector with passphrase "TREZOR" (BIP-39 reference test vectors). */
    @Test
    void seedMatchesTheReferenceVector() {
        assertThat(HexFormat.of().formatHex(HdKeys.seed(ABANDON, "TREZOR"))).isEqualTo(
                "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c"
                        + "7a3c4ab7c81b2f001698e7463b04");
        assertThatThrownBy(() -> HdKeys.seed(ABANDON.replace("about", "abandon"), ""))
                .hasMessageContaining("checksum");
    }

    /** m/44'/60'/0'/0/0 of the "abandon … about" mnemonic is the well-known 0x9858…Da94 (MetaMask, ethers, viem). */
    @Test
    void evmDepositAddressFromTheAccountXpubAloneIsTheWellKnownOne() {
        ExtendedPublicKey account = HdKeys.accountPublicKey(HdKeys.seed(ABANDON, ""), CoinType.ETHEREUM, 0);

        assertThat(DepositAddresses.evm(account, 0)).isEqualTo(
                EvmAddress.parse("0x9858EfFD232B4033E47d90003D41EC34EcaEda94"));
        assertThat(account.depth()).isEqualTo(3);
        assertThat(account.childNumber()).isEqualTo(0x80000000);
        ExtendedPublicKey parsed = ExtendedPublicKey.parse(
                HdKeys.accountPublicKey(HdKeys.seed(ABANDON, ""), CoinType.TRON, 7).serialize());
        assertThat(parsed.childNumber()).as("account 7' survives serialization").isEqualTo(7 | 0x80000000);
        assertThat(parsed.derive(5).childNumber()).isEqualTo(5);
    }

    /** Watch-only derivation equals what the key side derives privately, on both chains, for several indexes. */
    @Test
    void watchOnlyAddressesEqualThePrivatelyDerivedOnes() {
        byte[] seed = HdKeys.seed(ABANDON, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int h = Bip32ECKeyPair.HARDENED_BIT;
        for (int merchant : new int[] {0, 7}) {
            ExtendedPublicKey tronAccount = HdKeys.accountPublicKey(seed, CoinType.TRON, merchant);
            ExtendedPublicKey evmAccount = HdKeys.accountPublicKey(seed, CoinType.ETHEREUM, merchant);
            for (int index : new int[] {0, 1, 1_000}) {
                Bip32ECKeyPair tronKey = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | h, 195 | h, merchant | h, 0,
                        index});
                Bip32ECKeyPair evmKey = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | h, 60 | h, merchant | h, 0,
                        index});
                assertThat(DepositAddresses.tron(tronAccount, index))
                        .isEqualTo(TronAddress.ofPublicKey(ExtendedPublicKey.of(tronKey).publicKey64()));
                assertThat(DepositAddresses.evm(evmAccount, index).checksummed())
                        .isEqualTo(org.web3j.crypto.Keys.toChecksumAddress(org.web3j.crypto.Keys.getAddress(evmKey)));
            }
        }
    }
}
