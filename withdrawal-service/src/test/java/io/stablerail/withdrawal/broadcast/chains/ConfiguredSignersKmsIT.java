package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;

import io.stablerail.chain.signer.KmsSigner;
import io.stablerail.chain.signer.RecoverableSignature;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.devnet.kms.LocalKms;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * A hot-wallet signer on an AWS KMS key, through the real AWS SDK client with an endpoint override pointing at the
 * local KMS of chain-devnet (credentials from the SDK's default chain: system properties here).
 */
class ConfiguredSignersKmsIT {

    static LocalKms kms;

    @BeforeAll
    static void startKms() throws Exception {
        kms = LocalKms.start(0);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    @AfterAll
    static void stopKms() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        kms.close();
    }

    static SignerProperties kmsSigner(String chain, String keyId) {
        return new SignerProperties(Map.of(chain, new SignerProperties.Signer(null, null, null, keyId, "us-east-1",
                kms.endpoint().toString())));
    }

    @Test
    void aKmsKeySignsForItsHotWalletAndRecoversToIt() {
        String keyId = kms.importKey(ConfiguredSignersTest.KEY);
        ChainCatalog catalog = ConfiguredSignersTest.catalog(Map.of("tron",
                ConfiguredSignersTest.EXPECTED.tronAddress().base58()));

        try (ConfiguredSigners signers = ConfiguredSigners.load(kmsSigner("tron", keyId), catalog, name -> null)) {
            TransactionSigner signer = signers.signerFor("tron", ConfiguredSignersTest.EXPECTED.tronAddress().base58());
            assertThat(signer).isInstanceOf(KmsSigner.class);
            assertThat(signer.keyId()).isEqualTo(keyId);
            byte[] digest = Hash.sha256(new byte[] {1, 2, 3});
            RecoverableSignature signature = signer.signDigest(digest);
            assertThat(signature.recoverPublicKey(digest)).isEqualTo(ConfiguredSignersTest.EXPECTED.publicKey());
        }
    }

    @Test
    void aKmsKeyOfAnotherAddressFailsStartup() {
        String keyId = kms.importKey(BigInteger.valueOf(123_456_789L));
        ChainCatalog catalog = ConfiguredSignersTest.catalog(Map.of("tron",
                ConfiguredSignersTest.EXPECTED.tronAddress().base58()));

        assertThatThrownBy(() -> ConfiguredSigners.load(kmsSigner("tron", keyId), catalog, name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyId)
                .hasMessageContaining("configured hot wallet is " + ConfiguredSignersTest.EXPECTED.tronAddress().base58());
    }
}
