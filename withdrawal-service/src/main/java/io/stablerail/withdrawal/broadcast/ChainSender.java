package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

import io.stablerail.chain.signer.TransactionSigner;

/**
 * The broadcaster's view of a chain: the port the EVM and TRON clients are adapted to. Every method may throw
 * {@link io.stablerail.chain.failure.ChainException} with its {@link io.stablerail.chain.failure.FailureClass};
 * anything else thrown is treated as RETRY (outcome unknown, never a reason to rebuild).
 */
public interface ChainSender {

    /** The EVM account's next nonce including pending transactions ({@code eth_getTransactionCount(…, "pending")}). */
    long pendingNonce(String chain, String wallet);

    /** The hot wallet's token balance in token base units (at the latest block). */
    BigInteger tokenBalance(String chain, String wallet, String tokenContract);

    /** A fresh TRON reference block (recent block, its expiration) for a new attempt. Not called on EVM chains. */
    TronReference tronReference(String chain);

    /**
     * Builds and signs the token transfer of {@code intent} in {@code slot} (EVM nonce, or TRON reference block),
     * choosing fees at most {@code feeCap} (the chain's cap, in the unit of its fee model). Does not send anything.
     */
    SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer);

    /** Sends the signed raw transaction. Returns normally when a node accepted it. */
    void broadcast(String chain, String rawTransaction);

    /**
     * Whether this earlier attempt can never be mined (DESIGN rule 5). EVM: its nonce is consumed by another known
     * transaction or it was replaced. TRON: its expiration is older than the solidified head and it is not on chain.
     * When in doubt: false.
     */
    boolean isProvablyDead(String chain, AttemptView attempt);

    /**
     * EVM only. Signs a replacement of the stored attempt {@code replaced}: the SAME nonce, gas limit and call (or,
     * for a cancel, a zero-value self-send from the hot wallet with gas for a plain transfer), with maxFeePerGas and
     * maxPriorityFeePerGas (or the legacy gas price) each at least {@code bumpPercent} above the replaced one's,
     * rounded up, and at least what the market asks now — but never above {@code replacement.maxFeePerGas()}. Does
     * not send anything.
     *
     * @throws io.stablerail.chain.evm.FeeCapExceededException when the minimum raise is above that maximum
     */
    SignedTransaction signReplacement(AttemptView replaced, Replacement replacement, TransactionSigner signer);

    /**
     * EVM only. Signs a zero-value self-send from {@code wallet} at {@code nonce} (21,000 gas) at today's quote, each
     * fee at most {@code feeCap} wei per gas: it fills a nonce gap. Nothing is sent.
     *
     * @throws io.stablerail.chain.evm.FeeCapExceededException when the quote is above the cap (RETRY: wait)
     */
    SignedTransaction signSelfSend(String chain, String wallet, long nonce, BigInteger feeCap,
                                   TransactionSigner signer);

    /**
     * How to replace: {@code cancel} for a zero-value self-send, else the same transfer; each fee raised by at least
     * {@code bumpPercent} (the node's replacement minimum); {@code maxFeePerGas} in wei per gas bounds every fee.
     */
    record Replacement(String chain, boolean cancel, int bumpPercent, BigInteger maxFeePerGas) {
        public Replacement {
            if (bumpPercent < 1 || bumpPercent > 1_000) {
                throw new IllegalArgumentException("bumpPercent must be 1..1000, got " + bumpPercent);
            }
            if (maxFeePerGas == null || maxFeePerGas.signum() <= 0) {
                throw new IllegalArgumentException("maxFeePerGas must be > 0, got " + maxFeePerGas);
            }
        }
    }

    /** What to transfer: {@code amountBaseUnits} of {@code tokenContract} from the hot wallet to {@code to}. */
    record TransferIntent(UUID withdrawalId, int attemptNo, String chain, long chainId, String tokenContract,
                          String from, String to, BigInteger amountBaseUnits) {
    }

    /** Where the transaction sits: exactly one of {@code nonce} (EVM) or {@code tron} (TRON) is set. */
    record Slot(Long nonce, TronReference tron) {
        public Slot {
            if ((nonce == null) == (tron == null)) {
                throw new IllegalArgumentException("a slot is an EVM nonce or a TRON reference block");
            }
        }

        public static Slot evm(long nonce) {
            return new Slot(nonce, null);
        }

        public static Slot tron(TronReference reference) {
            return new Slot(null, reference);
        }
    }

    /** TRON {@code ref_block_bytes/ref_block_hash} written as one string, and the transaction's expiration. */
    record TronReference(String referenceBlock, Instant expiresAt) {
    }

    /**
     * The signed transaction: raw bytes as hex, its id (EVM tx hash, TRON txid), and the most it may cost in fees
     * ({@code feeLimit}, unit of the chain's fee model: wei of maxFeePerGas × gasLimit, or TRON fee_limit in sun).
     */
    record SignedTransaction(String rawTransaction, String txid, BigInteger feeLimit) {
    }

    /** A stored attempt, as the port needs it to judge whether it is dead (with its signed raw transaction). */
    record AttemptView(UUID attemptId, String txid, String wallet, Long nonce, String referenceBlock,
                       Instant expiresAt, String rawTransaction) {
    }
}
