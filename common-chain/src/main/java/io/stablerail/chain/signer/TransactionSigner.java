package io.stablerail.chain.signer;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;

/**
 * Signs 32-byte digests with one secp256k1 key. Both chain families use it: EVM signs keccak256 of the transaction
 * encoding ({@link EvmTransactionSigning}), TRON signs sha256 of {@code raw_data}. Implementations keep the key to
 * themselves; {@link #keyId()} is a non-secret reference fit for logs.
 */
public interface TransactionSigner {

    /** A non-secret name for the key (KMS key id or ARN, keystore file name, derivation path). */
    String keyId();

    /** The uncompressed public key without its 0x04 prefix: x ‖ y, 64 bytes. */
    byte[] publicKey();

    /** Signs a 32-byte digest; the result has a low s and the recovery id of {@link #publicKey()}. */
    RecoverableSignature signDigest(byte[] digest32);

    default EvmAddress evmAddress() {
        return EvmAddress.ofPublicKey(publicKey());
    }

    default TronAddress tronAddress() {
        return TronAddress.ofPublicKey(publicKey());
    }
}
