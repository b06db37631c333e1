package io.stablerail.chain.tron;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tron.trident.proto.Chain.Transaction;

/**
 * A signed TRON transaction, ready to broadcast and to be stored before the first broadcast (DESIGN rule 5):
 * {@link #toBytes()} / {@link #parse(byte[])}. {@code expirationMillis} is what decides, against the solidified head,
 * when a never-seen attempt is provably dead. Carries no secret.
 */
public record SignedTronTransaction(String txid, Transaction transaction) {

    public SignedTronTransaction {
        if (transaction.getSignatureCount() == 0) {
            throw new IllegalArgumentException("not signed");
        }
        if (!txid.equals(TronTransactions.txidHex(transaction))) {
            throw new IllegalArgumentException("txid does not match sha256(raw_data)");
        }
    }

    public long expirationMillis() {
        return transaction.getRawData().getExpiration();
    }

    public long feeLimitSun() {
        return transaction.getRawData().getFeeLimit();
    }

    public byte[] toBytes() {
        return transaction.toByteArray();
    }

    public static SignedTronTransaction parse(byte[] bytes) {
        try {
            Transaction transaction = Transaction.parseFrom(bytes);
            return new SignedTronTransaction(TronTransactions.txidHex(transaction), transaction);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a TRON transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SignedTronTransaction[txid=" + txid + ", expiration=" + expirationMillis() + "]";
    }
}
