package io.stablerail.chain.signer;

import java.math.BigInteger;
import java.util.Arrays;

import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 signature normalized to low s, with the recovery id (0 or 1) that recovers the signer's public key.
 * EVM encodes it as {@code v = 27 + id} (or EIP-155 / typed {@code yParity}); TRON as 65 bytes r ‖ s ‖ id.
 */
public record RecoverableSignature(BigInteger r, BigInteger s, int recoveryId) {

    static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);

    public RecoverableSignature {
        if (r.signum() <= 0 || s.signum() <= 0 || s.compareTo(HALF_N) > 0) {
            throw new IllegalArgumentException("a signature needs positive r and a low s");
        }
        if (recoveryId != 0 && recoveryId != 1) {
            throw new IllegalArgumentException("recovery id must be 0 or 1");
        }
    }

    /** r ‖ s ‖ recovery id: TRON's 65-byte transaction signature. */
    public byte[] rsv65() {
        byte[] out = new byte[65];
        System.arraycopy(Numeric.toBytesPadded(r, 32), 0, out, 0, 32);
        System.arraycopy(Numeric.toBytesPadded(s, 32), 0, out, 32, 32);
        out[64] = (byte) recoveryId;
        return out;
    }

    /** web3j's form with {@code v = 27 + recovery id}; web3j's encoders turn it into EIP-155 or yParity. */
    public Sign.SignatureData web3j() {
        return new Sign.SignatureData((byte) (27 + recoveryId), Numeric.toBytesPadded(r, 32),
                Numeric.toBytesPadded(s, 32));
    }

    /** The 64-byte public key (x ‖ y) this signature of {@code digest} recovers to. */
    public byte[] recoverPublicKey(byte[] digest) {
        BigInteger key = Sign.recoverFromSignature(recoveryId, new org.web3j.crypto.ECDSASignature(r, s), digest);
        if (key == null) {
            throw new IllegalStateException("signature does not recover to a public key");
        }
        return Numeric.toBytesPadded(key, 64);
    }

    /**
     * From (r, s) as produced by any ECDSA signer (AWS KMS's may have a high s): s is normalized to n − s, and the
     * recovery id is the one that recovers {@code expectedPublicKey64}.
     */
    public static RecoverableSignature normalize(BigInteger r, BigInteger s, byte[] digest, byte[] expectedPublicKey64) {
        BigInteger lowS = s.compareTo(HALF_N) > 0 ? Sign.CURVE_PARAMS.getN().subtract(s) : s;
        org.web3j.crypto.ECDSASignature signature = new org.web3j.crypto.ECDSASignature(r, lowS);
        for (int id = 0; id < 2; id++) {
            BigInteger recovered = Sign.recoverFromSignature(id, signature, digest);
            if (recovered != null && Arrays.equals(Numeric.toBytesPadded(recovered, 64), expectedPublicKey64)) {
                return new RecoverableSignature(r, lowS, id);
            }
        }
        throw new SignerException("the signature does not recover to the signer's public key");
    }
}
