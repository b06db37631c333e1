package io.stablerail.devnet.tron;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;

import io.stablerail.chain.address.TronAddress;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Recovers the signer of a TRON transaction signature (r ‖ s ‖ v, 65 bytes, over the txid), as java-tron's
 * {@code SignUtils.signatureToAddress}: v may be 0/1 or 27/28.
 */
final class TronSignatures {

    private TronSignatures() {
    }

    static Optional<TronAddress> recover(byte[] digest32, byte[] signature65) {
        int v = signature65[64] & 0xff;
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            return Optional.empty();
        }
        Sign.SignatureData data = new Sign.SignatureData((byte) v, Arrays.copyOfRange(signature65, 0, 32),
                Arrays.copyOfRange(signature65, 32, 64));
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(digest32, data);
            return Optional.of(TronAddress.ofPublicKey(Numeric.toBytesPadded(publicKey, 64)));
        } catch (SignatureException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
