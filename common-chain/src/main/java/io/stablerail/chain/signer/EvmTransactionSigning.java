package io.stablerail.chain.signer;

import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;

/**
 * EVM transaction signing through any {@link TransactionSigner}: legacy transactions with EIP-155 replay protection,
 * typed (EIP-1559) transactions with their chain id inside and {@code yParity}. web3j encodes; the signer signs.
 */
public final class EvmTransactionSigning {

    private EvmTransactionSigning() {
    }

    /** The signed, RLP-encoded transaction, ready for {@code eth_sendRawTransaction}. */
    public static byte[] sign(RawTransaction transaction, long chainId, TransactionSigner signer) {
        if (transaction.getType().isLegacy()) {
            byte[] preimage = TransactionEncoder.encode(transaction, chainId);
            Sign.SignatureData signature = signer.signDigest(Hash.sha3(preimage)).web3j();
            return TransactionEncoder.encode(transaction, TransactionEncoder.createEip155SignatureData(signature, chainId));
        }
        byte[] preimage = TransactionEncoder.encode(transaction);
        return TransactionEncoder.encode(transaction, signer.signDigest(Hash.sha3(preimage)).web3j());
    }
}
