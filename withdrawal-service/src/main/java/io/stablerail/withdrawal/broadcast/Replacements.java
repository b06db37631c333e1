package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.evm.FeeCapExceededException;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalException;
import io.stablerail.withdrawal.withdrawals.WithdrawalProperties;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * EVM replacements: a new attempt with the SAME nonce as the withdrawal's broadcast attempt and each fee raised by at
 * least the replacement minimum, so exactly one of them can be mined (DESIGN rule 5: the earlier attempt is REPLACED,
 * still tracked, never judged dead for this). Three causes: confirmation-worker reported the attempt stuck (the
 * sender's run replaces it within the chain's fee cap, or — past the cap — the withdrawal becomes STUCK and ops are
 * alerted), an ops bump (any maximum ops give), an ops cancel (a zero-value self-send taking the nonce). Every
 * replacement is signed outside any transaction, stored in one commit with the earlier attempt turned REPLACED, and
 * only then sent — always under the wallet's sender lock.
 */
public class Replacements {

    private static final Logger log = LoggerFactory.getLogger(Replacements.class);
    private static final Set<WithdrawalStatus> OPS_REPLACEABLE = EnumSet.of(WithdrawalStatus.BROADCAST,
            WithdrawalStatus.STUCK);

    private final ChainCatalog catalog;
    private final WithdrawalRepository withdrawals;
    private final BroadcastRepository attempts;
    private final ChainSender chain;
    private final HotWalletSigners signers;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WithdrawalProperties.Broadcast settings;
    private final Consumer<Attempt> send;

    Replacements(ChainCatalog catalog, WithdrawalRepository withdrawals, BroadcastRepository attempts, ChainSender chain,
                 HotWalletSigners signers, TransactionTemplate transaction, Clock clock, MeterRegistry meters,
                 WithdrawalProperties.Broadcast settings, Consumer<Attempt> send) {
        this.catalog = catalog;
        this.withdrawals = withdrawals;
        this.attempts = attempts;
        this.chain = chain;
        this.signers = signers;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.send = send;
    }

    /** The sender's run (holding the wallet lock): replaces the attempts reported stuck, within the chain's cap. */
    void replaceReported(ChainSpec spec, String wallet) {
        if (spec.family() != ChainFamily.EVM) {
            return;
        }
        for (Attempt stuck : attempts.replaceWanted(spec.name(), wallet, settings.batchMax())) {
            try {
                replaceReported(spec, stuck);
            } catch (RuntimeException e) {
                // still wanted: the next run tries again (a node error, a remote signer away)
                log.warn("withdrawal {}: replacing stuck attempt {} failed this run: {}", stuck.withdrawalId(),
                        stuck.txid(), e.toString());
            }
        }
    }

    private void replaceReported(ChainSpec spec, Attempt head) {
        ChainSender.SignedTransaction signed;
        try {
            signed = chain.signReplacement(head.view(), new ChainSender.Replacement(spec.name(),
                    head.kind() == AttemptKind.CANCEL, settings.replacementBumpPercent(spec.name()), spec.feeCap()),
                    signers.signerFor(spec.name(), head.wallet()));
        } catch (FeeCapExceededException e) {
            enterStuck(spec, head, e);
            return;
        }
        Attempt replacement = store(head, signed, head.kind(), EnumSet.of(WithdrawalStatus.BROADCAST));
        if (replacement == null) {
            log.info("withdrawal {} changed before the replacement of {} was stored; dropped unsent",
                    head.withdrawalId(), head.txid());
            return;
        }
        replaced(replacement, head, "stuck");
    }

    /** Past the cap: the withdrawal waits for ops as STUCK; its attempts stay tracked (one may still be mined). */
    private void enterStuck(ChainSpec spec, Attempt head, FeeCapExceededException e) {
        boolean entered = Boolean.TRUE.equals(transaction.execute(status -> {
            attempts.clearReplaceWanted(head.id());
            return withdrawals.transition(head.withdrawalId(), Set.of(WithdrawalStatus.BROADCAST),
                    WithdrawalStatus.STUCK, null, null, false);
        }));
        if (entered) {
            meters.counter("stablerail.withdrawal.stuck.entered", "chain", spec.name()).increment();
            log.error("OPS ALERT withdrawal {} STUCK: attempt {} txid {} (nonce {} of {}) is not mined and a "
                    + "replacement needs {} wei per gas, above the {} fee cap of {}: bump or cancel it by hand",
                    head.withdrawalId(), head.id(), head.txid(), head.nonce(), head.wallet(), e.requiredWei(),
                    spec.name(), e.feeCapWei());
        }
    }

    /**
     * An ops bump ({@code cancel} false: the same transfer, {@code maxFeePerGas} required) or cancel (a zero-value
     * self-send; {@code maxFeePerGas} null means the chain's cap). Waits up to {@code ops-lock-wait} for the wallet's
     * sender lock; the replacement is stored and sent before this returns.
     */
    public Attempt byOps(UUID withdrawalId, boolean cancel, BigInteger maxFeePerGas, String actor) {
        Withdrawal withdrawal = withdrawals.find(withdrawalId).orElseThrow(() -> WithdrawalException.notFound(
                withdrawalId));
        ChainSpec spec = catalog.chain(withdrawal.chain());
        if (spec.family() != ChainFamily.EVM) {
            throw WithdrawalException.conflict("not_replaceable", "only EVM transactions are replaced; a TRON one is "
                    + "rebuilt once it is provably expired", withdrawalId);
        }
        AtomicReference<Attempt> result = new AtomicReference<>();
        AtomicReference<RuntimeException> refusal = new AtomicReference<>();
        Runnable work = () -> {
            try {
                result.set(byOpsLocked(spec, withdrawalId, cancel, maxFeePerGas, actor));
            } catch (RuntimeException e) {
                refusal.set(e);
            }
        };
        Instant deadline = clock.instant().plus(settings.opsLockWait());
        while (!attempts.runExclusively(spec.name(), withdrawal.hotWallet(), work)) {
            if (!clock.instant().isBefore(deadline)) {
                throw WithdrawalException.conflict("sender_busy", "the sender of " + spec.name() + " is busy; try "
                        + "again", withdrawalId);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw WithdrawalException.conflict("sender_busy", "interrupted while waiting for the sender",
                        withdrawalId);
            }
        }
        if (refusal.get() != null) {
            throw refusal.get();
        }
        return result.get();
    }

    private Attempt byOpsLocked(ChainSpec spec, UUID id, boolean cancel, BigInteger maxFeePerGas, String actor) {
        Withdrawal withdrawal = withdrawals.find(id).orElseThrow(() -> WithdrawalException.notFound(id));
        if (!OPS_REPLACEABLE.contains(withdrawal.status())) {
            throw WithdrawalException.conflict("not_replaceable", "withdrawal is " + withdrawal.status() + "; only a "
                    + "BROADCAST or STUCK one has a transaction to replace", id);
        }
        List<Attempt> live = attempts.liveAttempts(id);
        if (live.size() != 1 || live.getFirst().status() != AttemptStatus.BROADCAST) {
            throw WithdrawalException.conflict("not_replaceable", "its latest transaction is not accepted by a node "
                    + "yet; it is being re-sent", id);
        }
        Attempt head = live.getFirst();
        if (cancel && head.kind() == AttemptKind.CANCEL) {
            throw WithdrawalException.conflict("already_cancelling", "a cancel " + head.txid() + " is already sent; "
                    + "bump it to raise its fees", id);
        }
        AttemptKind kind = cancel ? AttemptKind.CANCEL : head.kind();
        BigInteger max = maxFeePerGas != null ? maxFeePerGas : spec.feeCap();
        ChainSender.SignedTransaction signed;
        try {
            signed = chain.signReplacement(head.view(), new ChainSender.Replacement(spec.name(),
                    kind == AttemptKind.CANCEL, settings.replacementBumpPercent(spec.name()), max),
                    signers.signerFor(spec.name(), head.wallet()));
        } catch (FeeCapExceededException e) {
            throw new WithdrawalException(WithdrawalException.Kind.UNPROCESSABLE, "fee_too_low", "a replacement of "
                    + head.txid() + " needs at least " + e.requiredWei() + " wei per gas (+"
                    + settings.replacementBumpPercent(spec.name()) + " %); " + (maxFeePerGas != null ? "the maximum given is "
                    : "the chain's fee cap is ") + max, id);
        } catch (ChainException e) {
            throw new WithdrawalException(WithdrawalException.Kind.UNAVAILABLE, "chain_unavailable", "the node could "
                    + "not price the replacement (" + e.code() + "); nothing was signed", id);
        }
        Attempt replacement = store(head, signed, kind, OPS_REPLACEABLE);
        if (replacement == null) {
            throw WithdrawalException.conflict("not_replaceable", "the withdrawal changed meanwhile; nothing was sent",
                    id);
        }
        log.warn("OPS {} of withdrawal {} by {}: attempt {} txid {} replaces {} at nonce {} (max {} wei per gas)",
                cancel ? "cancel" : "bump", id, actor, replacement.attemptNo(), replacement.txid(), head.txid(),
                head.nonce(), max);
        replaced(replacement, head, cancel ? "ops_cancel" : "ops_bump");
        return attempts.attempts(id).stream().filter(a -> a.id().equals(replacement.id())).findFirst()
                .orElse(replacement);
    }

    /**
     * One commit: the withdrawal is still in {@code from}, the earlier attempt goes BROADCAST → REPLACED, the
     * replacement is stored SIGNED, a STUCK withdrawal is BROADCAST again. Null when something moved (nothing
     * written; the signed bytes are dropped unsent).
     */
    private Attempt store(Attempt head, ChainSender.SignedTransaction signed, AttemptKind kind,
                          Set<WithdrawalStatus> from) {
        Attempt replacement = new Attempt(TimeOrderedIds.next(), head.withdrawalId(),
                attempts.nextAttemptNo(head.withdrawalId()), head.chain(), head.wallet(), head.nonce(), null, null,
                signed.rawTransaction(), signed.txid(), signed.feeLimit(), AttemptStatus.SIGNED, 0, kind, head.id());
        return transaction.execute(status -> {
            Withdrawal locked = withdrawals.findForUpdate(head.withdrawalId()).orElseThrow();
            if (!from.contains(locked.status())
                    || !attempts.setAttemptStatus(head.id(), EnumSet.of(AttemptStatus.BROADCAST),
                    AttemptStatus.REPLACED)) {
                return null;
            }
            attempts.clearReplaceWanted(head.id());
            attempts.insertAttempt(replacement);
            withdrawals.transition(locked.id(), Set.of(WithdrawalStatus.STUCK), WithdrawalStatus.BROADCAST, null,
                    null, false);
            return replacement;
        });
    }

    private void replaced(Attempt replacement, Attempt head, String reason) {
        meters.counter("stablerail.withdrawal.replacements", "chain", replacement.chain(), "reason", reason)
                .increment();
        log.warn("withdrawal {}: {} attempt {} txid {} replaces {} at nonce {} ({})", replacement.withdrawalId(),
                replacement.kind(), replacement.attemptNo(), replacement.txid(), head.txid(), head.nonce(), reason);
        send.accept(replacement);
    }
}
