package io.stablerail.withdrawal.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.withdrawal.broadcast.ChainSender;
import io.stablerail.withdrawal.broadcast.HotWalletSigners;

/**
 * A SCRIPTED TEST CHAIN (test sources only, not a chain client): an in-memory chain behind the {@link ChainSender}
 * port. It signs for real with a {@link LocalKeySigner} (the signature is part of the raw transaction), keeps the
 * accepted transactions as the chain's "transfers", answers a re-sent known transaction with ALREADY_KNOWN like a
 * node, and plays scripted faults on the next broadcasts: a timeout after the node accepted, a plain timeout,
 * FAIL_FAST, REBUILD, or a process crash just before the transaction leaves.
 */
public class ScriptedTestChain implements ChainSender, HotWalletSigners {

    public static final BigInteger HOT_KEY = new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
    public static final LocalKeySigner HOT_SIGNER = LocalKeySigner.ofPrivateKey("scripted-test-hot-wallet", HOT_KEY);

    public enum Fault { ACCEPT_THEN_TIMEOUT, TIMEOUT, FAIL_FAST, REBUILD, CRASH_BEFORE_SEND }

    /** Thrown by {@link Fault#CRASH_BEFORE_SEND}: stands for the process dying; an Error so no code handles it. */
    public static class SimulatedCrash extends Error {
        public SimulatedCrash() {
            super("simulated process crash before the broadcast left");
        }
    }

    /** A transaction the chain accepted. */
    public record Transfer(String txid, UUID withdrawalId, int attemptNo, String chain, String from, String to,
                           BigInteger amount, Long nonce, String referenceBlock) {
    }

    private record Signed(Transfer transfer, String raw) {
    }

    private final Map<String, Signed> signedByRaw = new HashMap<>();
    private final Map<String, Transfer> accepted = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Set<String> deadTxids = new HashSet<>();
    private final Map<String, BigInteger> balances = new HashMap<>();
    private final List<String> broadcastCalls = new ArrayList<>();
    private long startNonce = 5;
    private Runnable duringNextSign;
    private String nextTxidOverride;
    private BigInteger nextFeeLimit;
    private int referenceBlocks;
    private int replacementsSigned;
    private final List<Replacement> replacementRequests = new java.util.ArrayList<>();

    public synchronized void script(Fault... next) {
        faults.addAll(List.of(next));
    }

    public synchronized void setBalance(String chain, String wallet, String token, BigInteger baseUnits) {
        balances.put(chain + "|" + wallet + "|" + token, baseUnits);
    }

    /** Runs {@code action} inside the next {@code sign} call, i.e. after the nonce was read and before the commit. */
    public synchronized void duringNextSign(Runnable action) {
        duringNextSign = action;
    }

    /** The next signed transaction reports {@code txid} (e.g. one already stored), so storing it must fail. */
    public synchronized void nextTxid(String txid) {
        nextTxidOverride = txid;
    }

    /** The next signed transaction reports this fee limit (e.g. above the chain's cap). */
    public synchronized void nextFeeLimit(BigInteger feeLimit) {
        nextFeeLimit = feeLimit;
    }

    public synchronized void markDead(String txid) {
        deadTxids.add(txid);
    }

    /**
     * The node accepted this transaction but it never made it into a block (TRON: it expired in the pool; EVM: its
     * nonce went elsewhere): it is no longer a transfer. Not yet provably dead — {@link #markDead} says when it is.
     */
    public synchronized void forget(String txid) {
        accepted.remove(txid);
    }

    public synchronized List<Transfer> transfersOf(UUID withdrawalId) {
        return accepted.values().stream().filter(t -> t.withdrawalId().equals(withdrawalId)).toList();
    }

    public synchronized List<Transfer> transfers() {
        return List.copyOf(accepted.values());
    }

    public synchronized List<String> broadcastCalls() {
        return List.copyOf(broadcastCalls);
    }

    @Override
    public synchronized long pendingNonce(String chain, String wallet) {
        // as a node's pool: the next nonce after the contiguous run of accepted ones (a transaction behind a gap waits
        // in the queue and does not count; two transactions at one nonce count once)
        Set<Long> nonces = new HashSet<>();
        accepted.values().stream().filter(t -> t.nonce() != null && t.from().equals(wallet))
                .forEach(t -> nonces.add(t.nonce()));
        long next = startNonce;
        while (nonces.contains(next)) {
            next++;
        }
        return next;
    }

    @Override
    public synchronized BigInteger tokenBalance(String chain, String wallet, String tokenContract) {
        BigInteger spent = accepted.values().stream().filter(t -> t.chain().equals(chain) && t.from().equals(wallet))
                .map(Transfer::amount).reduce(BigInteger.ZERO, BigInteger::add);
        return balances.getOrDefault(chain + "|" + wallet + "|" + tokenContract, new BigInteger("1000000000000000"))
                .subtract(spent);
    }

    @Override
    public synchronized TronReference tronReference(String chain) {
        referenceBlocks++;
        return new TronReference("ref-block-" + referenceBlocks, Instant.now().plusSeconds(60));
    }

    @Override
    public SignedTransaction sign(TransferIntent intent, Slot slot, BigInteger feeCap, TransactionSigner signer) {
        Runnable action;
        synchronized (this) {
            action = duringNextSign;
            duringNextSign = null;
        }
        if (action != null) {
            action.run();
        }
        return signNow(intent, slot, feeCap, signer);
    }

    private synchronized SignedTransaction signNow(TransferIntent intent, Slot slot, BigInteger feeCap,
                                                   TransactionSigner signer) {
        String body = String.join("|", intent.chain(), Long.toString(intent.chainId()), intent.tokenContract(),
                intent.from(), intent.to(), intent.amountBaseUnits().toString(), String.valueOf(slot.nonce()),
                slot.tron() == null ? "" : slot.tron().referenceBlock(), intent.withdrawalId().toString(),
                Integer.toString(intent.attemptNo()));
        byte[] digest = sha256(body);
        var signature = signer.signDigest(digest);
        String raw = java.util.HexFormat.of().formatHex(body.getBytes(StandardCharsets.UTF_8)) + ":"
                + signature.r().toString(16) + ":" + signature.s().toString(16);
        String txid = nextTxidOverride != null ? nextTxidOverride : "0x" + java.util.HexFormat.of().formatHex(sha256(raw));
        nextTxidOverride = null;
        signedByRaw.put(raw, new Signed(new Transfer(txid, intent.withdrawalId(), intent.attemptNo(), intent.chain(),
                intent.from(), intent.to(), intent.amountBaseUnits(), slot.nonce(),
                slot.tron() == null ? null : slot.tron().referenceBlock()), raw));
        BigInteger feeLimit = nextFeeLimit != null ? nextFeeLimit : feeCap.divide(BigInteger.TWO);
        nextFeeLimit = null;
        return new SignedTransaction(raw, txid, feeLimit);
    }

    /**
     * A replacement of a transaction this chain signed: the same nonce, the same transfer (or, for a cancel, nothing
     * to the sender itself). No fee arithmetic here: that is tested on the real Hardhat devnet
     * ({@code DevnetReplacementIT}); this only lets the broadcaster's handling of replacements be scripted.
     */
    @Override
    public synchronized SignedTransaction signReplacement(AttemptView replaced, Replacement replacement,
                                                         TransactionSigner signer) {
        Signed old = signedByRaw.get(replaced.rawTransaction());
        if (old == null) {
            throw new ChainException(FailureClass.FAIL_FAST, "unknown_transaction", "not signed by us");
        }
        Transfer t = old.transfer();
        replacementsSigned++;
        replacementRequests.add(replacement);
        TransferIntent intent = new TransferIntent(t.withdrawalId(), 1000 * replacementsSigned, t.chain(), 0,
                replacement.cancel() ? "cancel" : "replacement", t.from(), replacement.cancel() ? t.from() : t.to(),
                replacement.cancel() ? BigInteger.ZERO : t.amount());
        return signNow(intent, Slot.evm(t.nonce()), replacement.maxFeePerGas(), signer);
    }

    /** Every replacement asked of this chain, in order (its bump percent and fee maximum). */
    public synchronized List<Replacement> replacementRequests() {
        return List.copyOf(replacementRequests);
    }

    /** Withdrawal id of the scripted transfers that belong to no withdrawal (nonce gap fillers). */
    public static final UUID NO_WITHDRAWAL = new UUID(0, 0);

    @Override
    public synchronized SignedTransaction signSelfSend(String chain, String wallet, long nonce, BigInteger feeCap,
                                                       TransactionSigner signer) {
        TransferIntent intent = new TransferIntent(NO_WITHDRAWAL, 1, chain, 0, "self-send", wallet, wallet,
                BigInteger.ZERO);
        return signNow(intent, Slot.evm(nonce), feeCap, signer);
    }

    @Override
    public void broadcast(String chain, String rawTransaction) {
        Fault fault;
        synchronized (this) {
            fault = faults.poll();
            if (fault == Fault.CRASH_BEFORE_SEND) {
                throw new SimulatedCrash();
            }
            broadcastCalls.add(rawTransaction);
        }
        if (fault == null || fault == Fault.ACCEPT_THEN_TIMEOUT) {
            synchronized (this) {
                Signed signed = signedByRaw.get(rawTransaction);
                if (signed == null) {
                    throw new ChainException(FailureClass.FAIL_FAST, "unknown_transaction", "not signed by us");
                }
                if (accepted.containsKey(signed.transfer().txid())) {
                    throw new ChainException(FailureClass.ALREADY_KNOWN, "already_known", "already known");
                }
                accepted.put(signed.transfer().txid(), signed.transfer());
            }
        }
        switch (fault) {
            case null -> { }
            case ACCEPT_THEN_TIMEOUT, TIMEOUT -> throw new ChainException(FailureClass.RETRY, "timeout",
                    "read timed out");
            case FAIL_FAST -> throw new ChainException(FailureClass.FAIL_FAST, "invalid_signature",
                    "invalid transaction signature");
            case REBUILD -> throw new ChainException(FailureClass.REBUILD, "transaction_expired",
                    "transaction expired");
            case CRASH_BEFORE_SEND -> throw new IllegalStateException("unreachable");
        }
    }

    @Override
    public synchronized boolean isProvablyDead(String chain, AttemptView attempt) {
        return deadTxids.contains(attempt.txid()) && !accepted.containsKey(attempt.txid());
    }

    @Override
    public TransactionSigner signerFor(String chain, String wallet) {
        return HOT_SIGNER;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
