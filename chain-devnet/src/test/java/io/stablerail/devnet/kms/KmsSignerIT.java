package io.stablerail.devnet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.KmsSigner;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.signer.RecoverableSignature;
import io.stablerail.chain.signer.SignerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The KMS signer through the real AWS SDK v2 client (SigV4, JSON 1.1 protocol) against {@link LocalKms}: the address
 * comes from GetPublicKey, signatures recover to it (KMS's high-s answers included), and EVM transactions signed
 * this way decode to the KMS key's address. Acceptance by the devnets is in the chain integration tests.
 */
class KmsSignerIT {

    static LocalKms localKms;
    static KmsClient kms;

    @BeforeAll
    static void start() throws Exception {
        localKms = LocalKms.start(0);
        kms = localKms.sdkClient();
    }

    @AfterAll
    static void stop() {
        kms.close();
        localKms.close();
    }

    @Test
    void aKnownKeyHasTheSameAddressThroughKmsAsLocally() {
        BigInteger privateKey = new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
        KmsSigner signer = new KmsSigner(kms, localKms.importKey(privateKey));

        assertThat(signer.evmAddress().checksummed()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
        assertThat(signer.tronAddress()).isEqualTo(LocalKeySigner.ofPrivateKey("same", privateKey).tronAddress());
        assertThat(signer.toString()).doesNotContain(privateKey.toString(16));
    }

    @Test
    void signaturesAreNormalizedToLowSAndRecoverToTheKmsKey() {
        String keyId = kms.createKey(request -> request.keySpec(KeySpec.ECC_SECG_P256_K1)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        KmsSigner signer = new KmsSigner(kms, keyId);
        long highBefore = localKms.highSignatures();

        for (int i = 0; i < 10; i++) {
            byte[] digest = Hash.sha3(("payout " + i).getBytes());
            RecoverableSignature signature = signer.signDigest(digest);
            assertThat(signature.s()).isLessThanOrEqualTo(Sign.CURVE_PARAMS.getN().shiftRight(1));
            assertThat(signature.recoverPublicKey(digest)).isEqualTo(signer.publicKey());
        }
        assertThat(localKms.highSignatures() - highBefore).as("KMS answered with high s and we normalized it")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void evmTransactionsSignedInKmsDecodeToTheKmsAddress() throws Exception {
        String keyId = kms.createKey(request -> request.keySpec(KeySpec.ECC_SECG_P256_K1)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        KmsSigner signer = new KmsSigner(kms, keyId);
        RawTransaction typed = RawTransaction.createEtherTransaction(1L, BigInteger.ZERO, BigInteger.valueOf(21_000),
                "0x000000000000000000000000000000000000dEaD", BigInteger.ONE, BigInteger.ONE, BigInteger.TEN);

        for (int i = 0; i < 4; i++) {
            SignedRawTransaction signed = (SignedRawTransaction) TransactionDecoder.decode(
                    Numeric.toHexString(EvmTransactionSigning.sign(typed, 1L, signer)));
            assertThat(signed.getFrom()).isEqualToIgnoringCase(signer.evmAddress().checksummed());
        }
    }

    @Test
    void unknownKeysAndWrongKeySpecsFailAtStartupWithAClearMessage() {
        assertThatThrownBy(() -> new KmsSigner(kms, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(SignerException.class).hasMessageContaining("NotFoundException");
        assertThatThrownBy(() -> kms.createKey(request -> request.keySpec(KeySpec.SYMMETRIC_DEFAULT)))
                .hasMessageContaining("only ECC_SECG_P256K1");
    }
}
