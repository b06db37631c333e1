package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChainSender} bean: each call goes to the sender of its chain ({@link EvmChainSender} or
 * {@link TronChainSender}). A chain without configured endpoints answers RETRY ({@code no_chain_client}), so its
 * withdrawals wait (fail closed). Closing it closes the endpoint pools.
 */
public final class ChainSenders implements ChainSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChainSenders.class);

    private final Map<String, ChainSender> byChain;
    private final List<AutoCloseable> pools;

    public ChainSenders(Map<String, ChainSender> byChain, List<AutoCloseable> pools) {
        this.byChain = Map.copyOf(byChain);
        this.pools = List.copyOf(pools);
    }

    private ChainSender of(String chain) {
        ChainSender sender = byChain.get(chain);
        if (sender == null) {
            throw new ChainException(FailureClass.RETRY, "no_chain_client", "no endpoints configured for " + chain);
        }
        return sender;
    }

    @Override
    public long pendingNonce(String chain, String wallet) {
        return of(chain).pendingNonce(chain, wallet);
    }

    @Override
    public BigInteger tokenBalance(String chain, String wallet, String tokenContract) {
        return of(chain).tokenBalance(chain, wallet, tokenContract);
    }

    @Override
    public TronReference tronReference(String chain) {
        return of(chain).tronReference(chain);
    }

    @Override
    public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer) {
        return of(intent.chain()).sign(intent, slot, feeCap, signer);
    }

    @Override
    public SignedTransaction signReplacement(AttemptView replaced, Replacement replacement, TransactionSigner signer) {
        return of(replacement.chain()).signReplacement(replaced, replacement, signer);
    }

    @Override
    public SignedTransaction signSelfSend(String chain, String wallet, long nonce, BigInteger feeCap,
                                          TransactionSigner signer) {
        return of(chain).signSelfSend(chain, wallet, nonce, feeCap, signer);
    }

    @Override
    public void broadcast(String chain, String rawTransaction) {
        of(chain).broadcast(chain, rawTransaction);
    }

    @Override
    public boolean isProvablyDead(String chain, AttemptView attempt) {
        ChainSender sender = byChain.get(chain);
        return sender != null && sender.isProvablyDead(chain, attempt);
    }

    @Override
    public void close() {
        for (AutoCloseable pool : pools) {
            try {
                pool.close();
            } catch (Exception e) {
                log.warn("closing an endpoint pool failed: {}", e.toString());
            }
        }
    }
}
