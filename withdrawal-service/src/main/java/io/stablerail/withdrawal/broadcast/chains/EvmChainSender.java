package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.Broadcast;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.BlockTag;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFees;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.FeeCapExceededException;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * {@link ChainSender} for one EVM chain over its {@link EndpointPool}. Gas comes from the node's estimate only (a
 * failed estimate — the transfer would revert — is the node's classified error, never a guessed limit); fees from
 * {@link EvmFeeOracle} (EIP-1559 where the chain has a base fee, legacy otherwise), refused above the chain's cap in
 * wei per gas. The returned {@code feeLimit} is maxFeePerGas × gasLimit in wei.
 */
public final class EvmChainSender implements ChainSender {

    private final ChainSpec chain;
    private final EndpointPool<EvmClient> pool;
    private final EvmFeePolicy feePolicyTemplate;

    /**
     * @param feePolicy the fee oracle's policy; its {@code feeCapWei} is replaced by the cap passed to {@link #sign}
     */
    public EvmChainSender(ChainSpec chain, EndpointPool<EvmClient> pool, EvmFeePolicy feePolicy) {
        this.chain = chain;
        this.pool = pool;
        this.feePolicyTemplate = feePolicy;
    }

    @Override
    public long pendingNonce(String chainName, String wallet) {
        requireChain(chainName);
        return pool.call("noncePending", c -> c.noncePending(EvmAddress.parse(wallet))).longValueExact();
    }

    @Override
    public BigInteger tokenBalance(String chainName, String wallet, String tokenContract) {
        requireChain(chainName);
        return pool.call("erc20Balance", c -> c.erc20Balance(EvmAddress.parse(tokenContract),
                EvmAddress.parse(wallet)));
    }

    @Override
    public TronReference tronReference(String chainName) {
        throw new IllegalStateException(chain.name() + " is an EVM chain: it has nonces, not reference blocks");
    }

    @Override
    public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer) {
        requireChain(intent.chain());
        if (slot.nonce() == null) {
            throw new IllegalArgumentException("an EVM transaction needs a nonce slot");
        }
        if (intent.chainId() != chain.chainId()) {
            throw new IllegalArgumentException("intent for chain id " + intent.chainId() + " on " + chain.name());
        }
        EvmAddress from = EvmAddress.parse(intent.from());
        if (!signer.evmAddress().equals(from)) {
            // a wiring fault, not this withdrawal's: stop the run (it waits) rather than fail it
            throw new IllegalStateException("signer " + signer.keyId() + " is not the hot wallet " + from);
        }
        EvmAddress token = EvmAddress.parse(intent.tokenContract());
        EvmAddress to = EvmAddress.parse(intent.to());
        BigInteger gasLimit;
        try {
            gasLimit = pool.call("estimateErc20Transfer",
                    c -> c.estimateErc20Transfer(token, from, to, intent.amountBaseUnits()));
        } catch (ChainException e) {
            if (e.failureClass() == FailureClass.FAIL_FAST && e.code().startsWith("HTTP ")) {
                // the endpoint refused us (auth, plan, bad URL), not the transfer: wait, do not fail the withdrawal
                throw new ChainException(FailureClass.RETRY, "endpoint_refused", e.getMessage(), e);
            }
            throw e; // the node evaluated the transfer and refused it (a revert): FAIL_FAST stands
        }
        EvmFeePolicy policy = new EvmFeePolicy(feePolicyTemplate.historyBlocks(),
                feePolicyTemplate.priorityFeePercentile(), feePolicyTemplate.baseFeeMultiplier(),
                feePolicyTemplate.priorityFeeMinWei().min(feeCap), feeCap);
        FeeQuote fees = quote(policy);
        String data = EvmClient.erc20TransferData(to, intent.amountBaseUnits());
        BigInteger nonce = BigInteger.valueOf(slot.nonce());
        RawTransaction transaction = switch (fees) {
            case FeeQuote.Eip1559 eip1559 -> RawTransaction.createTransaction(chain.chainId(), nonce, gasLimit,
                    token.checksummed(), BigInteger.ZERO, data, eip1559.maxPriorityFeePerGas(),
                    eip1559.maxFeePerGas());
            case FeeQuote.Legacy legacy -> RawTransaction.createTransaction(nonce, legacy.gasPrice(), gasLimit,
                    token.checksummed(), BigInteger.ZERO, data);
        };
        if (fees.maxWeiPerGas().compareTo(feeCap) > 0) {
            throw new IllegalStateException("fee oracle answered above the cap of " + chain.name());
        }
        byte[] signed = EvmTransactionSigning.sign(transaction, chain.chainId(), signer);
        String raw = Numeric.toHexString(signed);
        return new SignedTransaction(raw, Hash.sha3(raw), fees.maxWeiPerGas().multiply(gasLimit));
    }

    @Override
    public SignedTransaction signSelfSend(String chainName, String wallet, long nonce, BigInteger feeCap,
                                          TransactionSigner signer) {
        requireChain(chainName);
        EvmAddress from = EvmAddress.parse(wallet);
        if (!signer.evmAddress().equals(from)) {
            throw new IllegalStateException("signer " + signer.keyId() + " is not the hot wallet " + from);
        }
        EvmFeePolicy policy = new EvmFeePolicy(feePolicyTemplate.historyBlocks(),
                feePolicyTemplate.priorityFeePercentile(), feePolicyTemplate.baseFeeMultiplier(),
                feePolicyTemplate.priorityFeeMinWei().min(feeCap), feeCap);
        FeeQuote fees = quote(policy);
        if (fees.maxWeiPerGas().compareTo(feeCap) > 0) {
            throw new IllegalStateException("fee oracle answered above the cap of " + chain.name());
        }
        BigInteger n = BigInteger.valueOf(nonce);
        RawTransaction transaction = switch (fees) {
            case FeeQuote.Eip1559 eip1559 -> RawTransaction.createTransaction(chain.chainId(), n, PLAIN_TRANSFER_GAS,
                    from.checksummed(), BigInteger.ZERO, "", eip1559.maxPriorityFeePerGas(), eip1559.maxFeePerGas());
            case FeeQuote.Legacy legacy -> RawTransaction.createTransaction(n, legacy.gasPrice(), PLAIN_TRANSFER_GAS,
                    from.checksummed(), BigInteger.ZERO, "");
        };
        String raw = Numeric.toHexString(EvmTransactionSigning.sign(transaction, chain.chainId(), signer));
        return new SignedTransaction(raw, Hash.sha3(raw), fees.maxWeiPerGas().multiply(PLAIN_TRANSFER_GAS));
    }

    /** Gas of a plain value transfer (a cancel's zero-value self-send). */
    static final BigInteger PLAIN_TRANSFER_GAS = BigInteger.valueOf(21_000);

    /**
     * The stored raw transaction is decoded (its nonce, gas limit, call and fees are the truth, not a copy), each fee
     * raised by the replacement minimum and to at least today's quote, then bounded by the maximum.
     */
    @Override
    public SignedTransaction signReplacement(AttemptView replaced, Replacement replacement,
                                             TransactionSigner signer) {
        requireChain(replacement.chain());
        EvmAddress wallet = EvmAddress.parse(replaced.wallet());
        if (!signer.evmAddress().equals(wallet)) {
            throw new IllegalStateException("signer " + signer.keyId() + " is not the hot wallet " + wallet);
        }
        RawTransaction old = TransactionDecoder.decode(replaced.rawTransaction());
        if (replaced.nonce() == null || old.getNonce().longValueExact() != replaced.nonce()) {
            throw new IllegalStateException("attempt " + replaced.attemptId() + " does not hold the nonce it claims");
        }
        BigInteger max = replacement.maxFeePerGas();
        FeeQuote market = marketQuote(max);
        String to = replacement.cancel() ? wallet.checksummed() : old.getTo();
        String data = replacement.cancel() ? "" : old.getData();
        BigInteger gasLimit = replacement.cancel() ? PLAIN_TRANSFER_GAS : old.getGasLimit();
        BigInteger value = replacement.cancel() ? BigInteger.ZERO : old.getValue();
        RawTransaction transaction;
        BigInteger maxWeiPerGas;
        if (old.getTransaction() instanceof Transaction1559 eip1559) {
            BigInteger minMax = raised(eip1559.getMaxFeePerGas(), replacement.bumpPercent());
            BigInteger minTip = raised(eip1559.getMaxPriorityFeePerGas(), replacement.bumpPercent());
            BigInteger quotedMax = market instanceof FeeQuote.Eip1559 q ? q.maxFeePerGas() : market.maxWeiPerGas();
            BigInteger quotedTip = market instanceof FeeQuote.Eip1559 q ? q.maxPriorityFeePerGas() : BigInteger.ZERO;
            maxWeiPerGas = minMax.max(quotedMax).min(max);
            if (maxWeiPerGas.compareTo(minMax) < 0 || minTip.compareTo(maxWeiPerGas) > 0) {
                throw new FeeCapExceededException("replacement maxFeePerGas", minMax.max(minTip), max);
            }
            BigInteger tip = minTip.max(quotedTip).min(maxWeiPerGas);
            transaction = RawTransaction.createTransaction(chain.chainId(), old.getNonce(), gasLimit, to, value, data,
                    tip, maxWeiPerGas);
        } else {
            BigInteger minPrice = raised(old.getGasPrice(), replacement.bumpPercent());
            maxWeiPerGas = minPrice.max(market.maxWeiPerGas()).min(max);
            if (maxWeiPerGas.compareTo(minPrice) < 0) {
                throw new FeeCapExceededException("replacement gas price", minPrice, max);
            }
            transaction = RawTransaction.createTransaction(old.getNonce(), maxWeiPerGas, gasLimit, to, value, data);
        }
        String raw = Numeric.toHexString(EvmTransactionSigning.sign(transaction, chain.chainId(), signer));
        return new SignedTransaction(raw, Hash.sha3(raw), maxWeiPerGas.multiply(gasLimit));
    }

    /** {@code fee} raised by {@code percent}, rounded up: the least a node's replacement rule accepts. */
    static BigInteger raised(BigInteger fee, int percent) {
        BigInteger[] division = fee.multiply(BigInteger.valueOf(100L + percent)).divideAndRemainder(
                BigInteger.valueOf(100));
        return division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
    }

    /** What the oracle would quote now; a market above {@code max} is quoted as {@code max} (the bound decides). */
    private FeeQuote marketQuote(BigInteger max) {
        EvmFeePolicy policy = new EvmFeePolicy(feePolicyTemplate.historyBlocks(),
                feePolicyTemplate.priorityFeePercentile(), feePolicyTemplate.baseFeeMultiplier(),
                feePolicyTemplate.priorityFeeMinWei().min(max), max);
        try {
            return quote(policy);
        } catch (FeeCapExceededException e) {
            return new FeeQuote.Legacy(max);
        }
    }

    /**
     * {@link EvmFeeOracle}'s choice, with the node reads through the pool and the policy applied outside it, so a fee
     * above the cap (RETRY {@code fee_cap_exceeded}: the withdrawal waits) never counts against a healthy endpoint.
     */
    private FeeQuote quote(EvmFeePolicy policy) {
        boolean eip1559 = pool.call("block", c -> c.block(BlockTag.LATEST).baseFeePerGas().isPresent());
        if (!eip1559) {
            return EvmFees.legacy(pool.call("gasPrice", EvmClient::gasPrice), policy);
        }
        return EvmFees.eip1559(pool.call("feeHistory", c -> c.feeHistory(policy.historyBlocks(),
                List.of(policy.priorityFeePercentile()))), policy);
    }

    /** A node that already has this exact transaction is a success; anything else refused is thrown, classified. */
    @Override
    public void broadcast(String chainName, String rawTransaction) {
        requireChain(chainName);
        byte[] raw = Numeric.hexStringToByteArray(rawTransaction);
        Broadcast answer = pool.call("sendRawTransaction", c -> c.sendRawTransaction(raw));
        if (answer.alreadyKnown() && !knownToNode(answer.transactionHash())) {
            // "nonce too low" without this transaction known: its nonce went to another transaction. Not a success;
            // the broadcaster rebuilds only if isProvablyDead says so.
            throw new ChainException(FailureClass.REBUILD, "nonce_consumed", "node refused " + answer.transactionHash()
                    + " (" + answer.nodeMessage() + ") and does not know it");
        }
    }

    private boolean knownToNode(String hash) {
        return pool.call("transaction", c -> c.transaction(hash)).isPresent();
    }

    /**
     * Dead when the account's nonce at the chain's FINALITY POINT is past the attempt's nonce and the attempt itself has
     * no receipt: the nonce went to another transaction in a block no reorg can replace. A nonce consumed only in
     * recent blocks is not proof: a reorg can drop that other transaction and mine this attempt (still in other nodes'
     * pools) instead, and a rebuild on a new nonce would then pay twice. Everything is read from one node (a node
     * behind the finality point must not answer the receipt), the receipt after the nonce, so a transaction mined in
     * between is seen. Anything else (pending, unknown to this node, not yet mined) is not proof.
     */
    @Override
    public boolean isProvablyDead(String chainName, AttemptView attempt) {
        requireChain(chainName);
        if (attempt.nonce() == null) {
            return false;
        }
        EvmAddress wallet = EvmAddress.parse(attempt.wallet());
        return pool.call("provablyDead", client -> {
            long finality = client.finalityPoint(chain.finality());
            if (finality < 0 || attempt.nonce() >= client.nonceAt(wallet, finality).longValueExact()) {
                return false;
            }
            return client.receipt(attempt.txid()).isEmpty();
        });
    }

    private void requireChain(String chainName) {
        if (!chain.name().equals(chainName)) {
            throw new IllegalArgumentException("sender of " + chain.name() + " asked about " + chainName);
        }
    }
}
