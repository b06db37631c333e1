package io.stablerail.chain.tron;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import io.stablerail.chain.signer.TransactionSigner;
import org.tron.trident.proto.Chain.Transaction;

/** TRON transaction ids and signing: txid = sha256(raw_data), signature = r ‖ s ‖ recovery id over the txid. */
public final class TronTransactions {

    private TronTransactions() {
    }

    public static byte[] txid(Transaction transaction) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(transaction.getRawData().toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String txidHex(Transaction transaction) {
        return HexFormat.of().formatHex(txid(transaction));
    }

    /** Signs with {@code signer} (local key or KMS), replacing any earlier signature. */
    public static SignedTronTransaction sign(Transaction unsigned, TransactionSigner signer) {
        byte[] txid = txid(unsigned);
        byte[] signature = signer.signDigest(txid).rsv65();
        Transaction signed = unsigned.toBuilder().clearSignature().addSignature(ByteString.copyFrom(signature)).build();
        return new SignedTronTransaction(HexFormat.of().formatHex(txid), signed);
    }
}
