package io.stablerail.chain.signer;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A key that never leaves AWS KMS: an asymmetric {@code ECC_SECG_P256K1} key with usage {@code SIGN_VERIFY}. The
 * public key (and so the address) comes from {@code GetPublicKey}; each digest is signed with {@code Sign}
 * ({@code ECDSA_SHA_256}, {@code MessageType=DIGEST}), KMS's DER signature is split into (r, s), s is normalized to
 * the low half (KMS returns either), and the recovery id is found by matching the public key.
 */
public final class KmsSigner implements TransactionSigner {

    static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    static final ASN1ObjectIdentifier SECP256K1 = new ASN1ObjectIdentifier("1.3.132.0.10");

    private final KmsClient kms;
    private final String keyId;
    private final byte[] publicKey;

    /** Reads and checks the key's public half once; a key of the wrong spec or usage fails here, at startup. */
    public KmsSigner(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
        GetPublicKeyResponse response;
        try {
            response = kms.getPublicKey(request -> request.keyId(keyId));
        } catch (KmsException e) {
            throw new SignerException("KMS refused GetPublicKey for " + keyId + ": " + errorCode(e), e);
        } catch (SdkClientException e) {
            throw new SignerException("KMS unreachable for GetPublicKey of " + keyId + ": " + e.getMessage(), e);
        }
        if (!"ECC_SECG_P256K1".equals(response.keySpecAsString())) {
            throw new SignerException("KMS key " + keyId + " is " + response.keySpecAsString()
                    + "; a chain signer needs ECC_SECG_P256K1");
        }
        if (!"SIGN_VERIFY".equals(response.keyUsageAsString())) {
            throw new SignerException("KMS key " + keyId + " has usage " + response.keyUsageAsString()
                    + "; a chain signer needs SIGN_VERIFY");
        }
        if (!response.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
            throw new SignerException("KMS key " + keyId + " does not offer ECDSA_SHA_256");
        }
        this.publicKey = secp256k1PublicKey(response.publicKey().asByteArray(), keyId);
    }

    /** The 64-byte x ‖ y of a DER SubjectPublicKeyInfo holding an uncompressed secp256k1 point. */
    static byte[] secp256k1PublicKey(byte[] der, String keyId) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (IllegalArgumentException e) {
            throw new SignerException("KMS returned a public key for " + keyId + " that is not DER SubjectPublicKeyInfo");
        }
        if (!EC_PUBLIC_KEY.equals(info.getAlgorithm().getAlgorithm())
                || !SECP256K1.equals(info.getAlgorithm().getParameters())) {
            throw new SignerException("KMS public key for " + keyId + " is not an EC key on secp256k1");
        }
        byte[] point = info.getPublicKeyData().getBytes();
        if (point.length != 65 || point[0] != 0x04) {
            throw new SignerException("KMS public key for " + keyId + " is not an uncompressed point");
        }
        return Arrays.copyOfRange(point, 1, 65);
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public RecoverableSignature signDigest(byte[] digest32) {
        if (digest32 == null || digest32.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        byte[] der;
        try {
            der = kms.sign(request -> request.keyId(keyId).message(SdkBytes.fromByteArray(digest32))
                    .messageType(MessageType.DIGEST).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                    .signature().asByteArray();
        } catch (KmsException e) {
            throw new SignerException("KMS refused Sign with " + keyId + ": " + errorCode(e), e);
        } catch (SdkClientException e) {
            throw new SignerException("KMS unreachable for Sign with " + keyId + ": " + e.getMessage(), e);
        }
        BigInteger[] rs = derSignature(der, keyId);
        return RecoverableSignature.normalize(rs[0], rs[1], digest32, publicKey);
    }

    /** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279). */
    static BigInteger[] derSignature(byte[] der, String keyId) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(der);
            if (sequence.size() != 2) {
                throw new IllegalArgumentException("not two integers");
            }
            return new BigInteger[] {ASN1Integer.getInstance(sequence.getObjectAt(0)).getPositiveValue(),
                    ASN1Integer.getInstance(sequence.getObjectAt(1)).getPositiveValue()};
        } catch (IllegalArgumentException e) {
            throw new SignerException("KMS returned a signature for " + keyId + " that is not DER ECDSA (r, s)");
        }
    }

    private static String errorCode(KmsException e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
    }

    @Override
    public String toString() {
        return "KmsSigner[" + keyId + ", " + evmAddress() + "]";
    }
}
