package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronBlock;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.tron.trident.proto.Chain.Transaction;

/**
 * {@link ChainSender} for one TRON chain over its {@link EndpointPool}. trident picks a transaction's reference block
 * (the solidity node's head) and expiration (the full node's head time + 60 s) itself while building;
 * {@link #tronReference} reads those same two values, and {@link #sign} compares them with what is really in the
 * signed {@code raw_data}. When a block arrived in between they differ, and the signed transaction is thrown away with
 * a RETRY failure: an attempt is never stored with an expiration other than its real one (DESIGN rule 5 relies on it).
 */
public final class TronChainSender implements ChainSender {

    /** trident's {@code Constant.TRANSACTION_DEFAULT_EXPIRATION_TIME}. */
    static final long TRIDENT_EXPIRATION_MILLIS = 60_000;
    private static final HexFormat HEX = HexFormat.of();
    /** {@link TronClient#buildTrc20Transfer}'s code for a fee_limit above the client's cap. */
    private static final String OVER_CAP = "FEE_LIMIT_OVER_CAP";

    private final ChainSpec chain;
    private final EndpointPool<TronClient> pool;

    public TronChainSender(ChainSpec chain, EndpointPool<TronClient> pool) {
        this.chain = chain;
        this.pool = pool;
    }

    @Override
    public long pendingNonce(String chainName, String wallet) {
        throw new IllegalStateException(chain.name() + " is a TRON chain: it has reference blocks, not nonces");
    }

    @Override
    public BigInteger tokenBalance(String chainName, String wallet, String tokenContract) {
        requireChain(chainName);
        return pool.call("trc20Balance", c -> c.trc20Balance(TronAddress.parse(tokenContract),
                TronAddress.parse(wallet), TronNode.FULL));
    }

    /** The values trident will use: the solidified head as reference block, the full head's time + 60 s. */
    @Override
    public TronReference tronReference(String chainName) {
        requireChain(chainName);
        return pool.call("tronReference", c -> {
            TronBlock solidified = c.solidifiedBlock();
            TronBlock head = c.nowBlock();
            return new TronReference(referenceOf(solidified),
                    Instant.ofEpochMilli(head.timestampMillis() + TRIDENT_EXPIRATION_MILLIS));
        });
    }

    /** {@code ref_block_bytes/ref_block_hash} in hex: bytes 6..8 of the block number, bytes 8..16 of the block id. */
    static String referenceOf(TronBlock block) {
        byte[] id = HEX.parseHex(block.id());
        byte[] number = BigInteger.valueOf(block.number()).toByteArray();
        byte[] last2 = new byte[2];
        for (int i = 0; i < 2 && i < number.length; i++) {
            last2[1 - i] = number[number.length - 1 - i];
        }
        return HEX.formatHex(last2) + "/" + HEX.formatHex(id, 8, 16);
    }

    static String referenceOf(Transaction transaction) {
        Transaction.raw raw = transaction.getRawData();
        return HEX.formatHex(raw.getRefBlockBytes().toByteArray()) + "/"
                + HEX.formatHex(raw.getRefBlockHash().toByteArray());
    }

    @Override
    public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer) {
        requireChain(intent.chain());
        if (slot.tron() == null) {
            throw new IllegalArgumentException("a TRON transaction needs a reference-block slot");
        }
        TronAddress from = TronAddress.parse(intent.from());
        if (!signer.tronAddress().equals(from)) {
            // a wiring fault, not this withdrawal's: stop the run (it waits) rather than fail it
            throw new IllegalStateException("signer " + signer.keyId() + " is not the hot wallet " + from.base58());
        }
        SignedTronTransaction signed;
        try {
            signed = pool.call("buildTrc20Transfer", c -> c.buildTrc20Transfer(
                    TronAddress.parse(intent.tokenContract()), signer, TronAddress.parse(intent.to()),
                    intent.amountBaseUnits()));
        } catch (ChainException e) {
            if (OVER_CAP.equals(e.code())) {
                throw overCap(e.getMessage());
            }
            throw e;
        }
        String reference = referenceOf(signed.transaction());
        long expiration = signed.expirationMillis();
        if (!reference.equals(slot.tron().referenceBlock())
                || expiration != slot.tron().expiresAt().toEpochMilli()) {
            throw new ChainException(FailureClass.RETRY, "reference_moved", "built transaction has reference "
                    + reference + " expiring " + Instant.ofEpochMilli(expiration) + ", the slot " + slot.tron()
                    + " (a block arrived meanwhile); discarded unsent");
        }
        BigInteger feeLimit = BigInteger.valueOf(signed.feeLimitSun());
        if (feeLimit.compareTo(feeCap) > 0) {
            throw overCap("fee_limit " + feeLimit + " sun is over the cap of " + feeCap);
        }
        return new SignedTransaction(HEX.formatHex(signed.toBytes()), signed.txid(), feeLimit);
    }

    /** TRON has no nonces: a transaction is never replaced, only rebuilt once provably expired (DESIGN rule 5). */
    @Override
    public SignedTransaction signReplacement(AttemptView replaced, Replacement replacement, TransactionSigner signer) {
        throw new IllegalStateException(replacement.chain() + " is a TRON chain: transactions are not replaced");
    }

    @Override
    public SignedTransaction signSelfSend(String chainName, String wallet, long nonce, BigInteger feeCap,
                                          TransactionSigner signer) {
        throw new IllegalStateException(chainName + " is a TRON chain: it has no nonces to fill");
    }

    @Override
    public void broadcast(String chainName, String rawTransaction) {
        requireChain(chainName);
        SignedTronTransaction signed = SignedTronTransaction.parse(HEX.parseHex(rawTransaction));
        pool.call("broadcast", c -> c.broadcast(signed));
    }

    /** {@link TronClient#provablyDead} on the stored raw transaction, whose txid must be the attempt's. */
    @Override
    public boolean isProvablyDead(String chainName, AttemptView attempt) {
        requireChain(chainName);
        if (attempt.rawTransaction() == null) {
            return false;
        }
        SignedTronTransaction signed = SignedTronTransaction.parse(HEX.parseHex(attempt.rawTransaction()));
        if (!signed.txid().equals(attempt.txid())) {
            throw new IllegalStateException("attempt " + attempt.attemptId() + ": stored txid is not its raw_data's");
        }
        return pool.call("provablyDead", c -> c.provablyDead(signed));
    }

    /**
     * Energy too dear for the cap is a wait, as on EVM ({@code fee_cap_exceeded}, RETRY), not a reason to fail the
     * withdrawal: the price falls or ops raise the cap.
     */
    private static ChainException overCap(String detail) {
        return new ChainException(FailureClass.RETRY, "fee_cap_exceeded", detail);
    }

    private void requireChain(String chainName) {
        if (!chain.name().equals(chainName)) {
            throw new IllegalArgumentException("sender of " + chain.name() + " asked about " + chainName);
        }
    }
}
