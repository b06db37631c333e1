package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;

import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.signer.TransactionSigner;

/**
 * Stands in when no chain client or signer is wired: every call fails as RETRY, so nothing is signed or sent and
 * approved withdrawals wait (fail closed, DESIGN rule 7).
 */
public final class UnconfiguredChain implements ChainSender, HotWalletSigners {

    private static ChainException missing() {
        return new ChainException(FailureClass.RETRY, "no_chain_client", "no ChainSender/HotWalletSigners is wired");
    }

    @Override
    public long pendingNonce(String chain, String wallet) {
        throw missing();
    }

    @Override
    public BigInteger tokenBalance(String chain, String wallet, String tokenContract) {
        throw missing();
    }

    @Override
    public TronReference tronReference(String chain) {
        throw missing();
    }

    @Override
    public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer) {
        throw missing();
    }

    @Override
    public SignedTransaction signReplacement(AttemptView replaced, Replacement replacement, TransactionSigner signer) {
        throw missing();
    }

    @Override
    public SignedTransaction signSelfSend(String chain, String wallet, long nonce, BigInteger feeCap,
                                          TransactionSigner signer) {
        throw missing();
    }

    @Override
    public void broadcast(String chain, String rawTransaction) {
        throw missing();
    }

    @Override
    public boolean isProvablyDead(String chain, AttemptView attempt) {
        return false;
    }

    @Override
    public TransactionSigner signerFor(String chain, String wallet) {
        throw missing();
    }
}
