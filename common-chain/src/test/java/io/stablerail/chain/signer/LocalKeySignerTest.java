package io.stablerail.chain.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.DepositAddresses;
import io.stablerail.chain.keys.HdKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.WalletUtils;

class LocalKeySignerTest {

    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon about";
    static final BigInteger KEY = new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);

    @Test
    void signaturesAreLowSAndRecoverToTheSignersKey() {
        LocalKeySigner signer = LocalKeySigner.ofPrivateKey("test", KEY);
        for (int i = 0; i < 50; i++) {
            byte[] digest = Hash.sha3(("message " + i).getBytes());
            RecoverableSignature signature = signer.signDigest(digest);

            assertThat(signature.s()).isLessThanOrEqualTo(RecoverableSignature.HALF_N);
            assertThat(signature.recoverPublicKey(digest)).isEqualTo(signer.publicKey());
            assertThat(signature.rsv65()).hasSize(65);
            assertThat(signature.rsv65()[64]).isEqualTo((byte) signature.recoveryId());
        }
        assertThatThrownBy(() -> signer.signDigest(new byte[31])).hasMessageContaining("32 bytes");
    }

    /** The web3j docs' example key 0x4c08…2318 has the address 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23. */
    @Test
    void addressOfAKnownKey() {
        assertThat(LocalKeySigner.ofPrivateKey("test", KEY).evmAddress().checksummed())
                .isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    }

    @Test
    void eip1559AndLegacyTransactionsDecodeToTheSignerWithTheirChainId() throws Exception {
        LocalKeySigner signer = LocalKeySigner.ofPrivateKey("test", KEY);
        String to = "0x000000000000000000000000000000000000dEaD";
        RawTransaction typed = RawTransaction.createEtherTransaction(42161L, BigInteger.valueOf(7),
                BigInteger.valueOf(21_000), to, BigInteger.TEN, BigInteger.ONE, BigInteger.valueOf(100));
        RawTransaction legacy = RawTransaction.createEtherTransaction(BigInteger.valueOf(7), BigInteger.valueOf(100),
                BigInteger.valueOf(21_000), to, BigInteger.TEN);

        SignedRawTransaction signedTyped = (SignedRawTransaction) TransactionDecoder.decode(
                org.web3j.utils.Numeric.toHexString(EvmTransactionSigning.sign(typed, 42161L, signer)));
        SignedRawTransaction signedLegacy = (SignedRawTransaction) TransactionDecoder.decode(
                org.web3j.utils.Numeric.toHexString(EvmTransactionSigning.sign(legacy, 137L, signer)));

        assertThat(signedTyped.getFrom()).isEqualToIgnoringCase(signer.evmAddress().checksummed());
        assertThat(((org.web3j.crypto.transaction.type.Transaction1559) signedTyped.getTransaction()).getChainId())
                .as("typed transactions carry their chain id inside").isEqualTo(42161L);
        assertThat(signedLegacy.getFrom()).isEqualToIgnoringCase(signer.evmAddress().checksummed());
        assertThat(signedLegacy.getChainId()).isEqualTo(137L);
    }

    @Test
    void keystoreFileRoundTripsAndAWrongPasswordIsRefusedWithoutDetail(@TempDir Path dir) throws Exception {
        String file = WalletUtils.generateWalletFile("correct horse", ECKeyPair.create(KEY), dir.toFile(), false);
        Path keystore = dir.resolve(file);

        LocalKeySigner signer = LocalKeySigner.fromKeystore(keystore, "correct horse");
        assertThat(signer.evmAddress().checksummed()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
        assertThat(Files.readString(keystore)).doesNotContain(KEY.toString(16));
        assertThatThrownBy(() -> LocalKeySigner.fromKeystore(keystore, "wrong"))
                .isInstanceOf(SignerException.class).hasMessageContaining("wrong password");
    }

    @Test
    void environmentKeyIsValidatedAndNeverPrinted() {
        String hex = KEY.toString(16);
        LocalKeySigner signer = LocalKeySigner.fromEnvironment("HOT_KEY", Map.of("HOT_KEY", "0x" + hex));

        assertThat(signer.toString()).contains("env:HOT_KEY").doesNotContain(hex);
        assertThatThrownBy(() -> LocalKeySigner.fromEnvironment("HOT_KEY", Map.of()))
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> LocalKeySigner.fromEnvironment("HOT_KEY", Map.of("HOT_KEY", "abc")))
                .hasMessageContaining("not a 32-byte hex private key").hasMessageNotContaining("abc");
    }

    /**
     * The key side's private derivation and deposit-service's watch-only derivation agree on every address over a
     * wide range of indexes and several merchants, on both chains: a sweep can always sign for a deposit address.
     */
    @Test
    void seedKeysSignForTheWatchOnlyDepositAddresses() {
        byte[] seed = HdKeys.seed(ABANDON, "");
        for (CoinType coin : CoinType.values()) {
            for (int merchant : new int[] {0, 3}) {
                var external = DepositAddresses.externalChain(HdKeys.accountPublicKey(seed, coin, merchant));
                for (int index = 0; index < 300; index++) {
                    LocalKeySigner signer = LocalKeySigner.fromSeed(seed, coin, merchant, index);
                    assertThat(signer.publicKey()).as("%s merchant %d index %d", coin, merchant, index)
                            .isEqualTo(external.derive(index).publicKey64());
                }
            }
        }
    }
}
