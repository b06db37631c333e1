package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.FeeModel;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.events.withdrawal.WithdrawalBroadcast;
import io.stablerail.events.withdrawal.WithdrawalFailed;
import io.stablerail.messaging.Backoff;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalProperties;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run of the sender of every (chain, hot wallet), each under its advisory lock. Per wallet: re-send the stored
 * attempts that are due, then sign the ready withdrawals the wallet can cover — allocating the EVM nonce (or the TRON
 * reference block), storing the signed attempt and marking the withdrawal SIGNED in one commit — and only then
 * broadcast (DESIGN rule 5). It keeps no state in memory: a restarted process carries on from the database.
 */
public class Broadcaster {

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    private static final Set<AttemptStatus> UNSENT = EnumSet.of(AttemptStatus.SIGNED);
    private static final Set<AttemptStatus> POSSIBLY_MINED = EnumSet.of(AttemptStatus.SIGNED,
            AttemptStatus.BROADCAST, AttemptStatus.REPLACED);

    private final ChainCatalog catalog;
    private final WithdrawalRepository withdrawals;
    private final BroadcastRepository attempts;
    private final ChainSender chain;
    private final HotWalletSigners signers;
    private final Withdrawals service;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WithdrawalProperties.Broadcast settings;
    private final Backoff backoff;
    private final Replacements replacements;

    public Broadcaster(ChainCatalog catalog, WithdrawalRepository withdrawals, BroadcastRepository attempts,
                       ChainSender chain, HotWalletSigners signers, Withdrawals service, Outbox outbox,
                       PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
                       WithdrawalProperties.Broadcast settings) {
        this.catalog = catalog;
        this.withdrawals = withdrawals;
        this.attempts = attempts;
        this.chain = chain;
        this.signers = signers;
        this.service = service;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.backoff = new Backoff(settings.resendBackoffInitial(), settings.resendBackoffMax());
        this.replacements = new Replacements(catalog, withdrawals, attempts, chain, signers, transaction, clock, meters,
                settings, this::send);
    }

    /** EVM replacements (stuck reports, ops bump and cancel), sending through this broadcaster. */
    public Replacements replacements() {
        return replacements;
    }

    /** One bounded run over every hot wallet; a wallet whose lock another sender holds is skipped. */
    public void runOnce() {
        catalog.hotWallets().forEach((chainName, configured) -> {
            ChainSpec spec = catalog.chain(chainName);
            String wallet = catalog.hotWallet(chainName);
            try {
                attempts.runExclusively(chainName, wallet, () -> sendFor(spec, wallet));
            } catch (RuntimeException e) {
                log.warn("sender of {}/{} stopped this run: {}", chainName, wallet, e.toString());
            }
        });
    }

    private void sendFor(ChainSpec spec, String wallet) {
        Instant now = clock.instant();
        for (Attempt attempt : attempts.dueToSend(spec.name(), wallet, now, settings.batchMax())) {
            send(attempt);
        }
        replacements.replaceReported(spec, wallet);
        checkReportedDropped(spec, wallet, now); // before signing: a withdrawal rebuilt now is signed in this run
        List<Withdrawal> ready = attempts.readyToSign(spec.name(), wallet, now, settings.batchMax());
        Map<String, BigInteger> spendable = new HashMap<>();
        for (Withdrawal withdrawal : ready) {
            BigInteger available = spendable.computeIfAbsent(withdrawal.tokenContract(), token ->
                    chain.tokenBalance(spec.name(), wallet, token)
                            .subtract(attempts.inFlightBaseUnits(spec.name(), wallet, token)));
            if (withdrawal.amountBase().compareTo(available) > 0) {
                awaitLiquidity(withdrawal, available);
                continue;
            }
            Attempt attempt = signAndStore(spec, wallet, withdrawal);
            if (attempt != null) {
                spendable.put(withdrawal.tokenContract(), available.subtract(withdrawal.amountBase()));
                send(attempt);
            }
        }
    }

    private void awaitLiquidity(Withdrawal withdrawal, BigInteger available) {
        boolean entered = transaction.execute(status -> withdrawals.transition(withdrawal.id(),
                Set.of(WithdrawalStatus.APPROVED), WithdrawalStatus.AWAITING_LIQUIDITY, null, null, false));
        if (entered) {
            meters.counter("stablerail.withdrawal.awaiting_liquidity.entered", "chain", withdrawal.chain()).increment();
            log.warn("ALERT hot wallet {}/{} cannot cover withdrawal {} ({} base units of {}; spendable {}): "
                    + "AWAITING_LIQUIDITY", withdrawal.chain(), withdrawal.hotWallet(), withdrawal.id(),
                    withdrawal.amountBase(), withdrawal.tokenContract(), available);
        }
    }

    /**
     * Signs outside any transaction (the signer may be remote), then in one commit: the withdrawal moves from
     * APPROVED/AWAITING_LIQUIDITY to SIGNED (so a cancel that won meanwhile makes this a no-op), the nonce counter
     * advances from the value used, and the attempt is stored. A signed transaction that was not stored is dropped
     * unsent.
     */
    private Attempt signAndStore(ChainSpec spec, String wallet, Withdrawal withdrawal) {
        int attemptNo = attempts.nextAttemptNo(withdrawal.id());
        boolean evm = spec.family() == ChainFamily.EVM;
        Long freshNonce = null;
        ChainSender.Slot slot;
        if (!evm) {
            slot = ChainSender.Slot.tron(chain.tronReference(spec.name()));
        } else if (withdrawal.reuseNonce() != null) {
            slot = ChainSender.Slot.evm(withdrawal.reuseNonce());
        } else {
            freshNonce = attempts.nextNonce(spec.name(), wallet).orElseGet(() -> {
                attempts.initNonce(spec.name(), wallet, chain.pendingNonce(spec.name(), wallet));
                return attempts.nextNonce(spec.name(), wallet).orElseThrow();
            });
            slot = ChainSender.Slot.evm(freshNonce);
        }
        ChainSender.TransferIntent intent = new ChainSender.TransferIntent(withdrawal.id(), attemptNo, spec.name(),
                spec.chainId(), withdrawal.tokenContract(), wallet, withdrawal.toAddress(), withdrawal.amountBase());
        ChainSender.SignedTransaction signed;
        try {
            signed = chain.sign(intent, slot, spec.feeCap(), signers.signerFor(spec.name(), wallet));
        } catch (ChainException e) {
            if (e.failureClass() == FailureClass.FAIL_FAST) {
                failUnsigned(withdrawal, slot.nonce() != null && freshNonce == null ? slot.nonce() : null, e);
                return null;
            }
            throw e;
        }
        // TRON's cap is per transaction (fee_limit in sun) and checked here; an EVM cap is per gas, which the sender
        // enforces on maxFeePerGas (its feeLimit is maxFeePerGas × gasLimit, a different unit)
        boolean perTransactionCap = spec.feeModel() == FeeModel.TRON_RESOURCES;
        if (signed.feeLimit().signum() < 0
                || perTransactionCap && signed.feeLimit().compareTo(spec.feeCap()) > 0) {
            throw new IllegalStateException("signed transaction of withdrawal " + withdrawal.id() + " exceeds the "
                    + spec.name() + " fee cap");
        }
        Attempt attempt = new Attempt(TimeOrderedIds.next(), withdrawal.id(), attemptNo, spec.name(), wallet,
                slot.nonce(), slot.tron() == null ? null : slot.tron().referenceBlock(),
                slot.tron() == null ? null : slot.tron().expiresAt(), signed.rawTransaction(), signed.txid(),
                signed.feeLimit(), AttemptStatus.SIGNED, 0, AttemptKind.TRANSFER, null);
        Long nonceToAdvance = freshNonce;
        boolean stored = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!withdrawals.transition(withdrawal.id(), WithdrawalStatus.READY_TO_SIGN, WithdrawalStatus.SIGNED,
                    null, null, false)) {
                return false;
            }
            if (nonceToAdvance != null && !attempts.advanceNonce(spec.name(), wallet, nonceToAdvance)) {
                throw new IllegalStateException("nonce counter of " + spec.name() + "/" + wallet + " moved under "
                        + "the sender lock");
            }
            attempts.setReuseNonce(withdrawal.id(), null);
            attempts.insertAttempt(attempt);
            return true;
        }));
        if (!stored) {
            log.info("withdrawal {} changed before its attempt was stored; signed transaction dropped unsent",
                    withdrawal.id());
            return null;
        }
        log.info("withdrawal {} SIGNED: attempt {} txid {} nonce {} reference {}", withdrawal.id(), attemptNo,
                signed.txid(), slot.nonce(), attempt.referenceBlock());
        return attempt;
    }

    /**
     * The node refused to price the transfer as invalid (FAIL_FAST: e.g. the gas estimate reverts because the
     * destination is blacklisted): nothing was signed or stored. FAILED, hold voided, ops alerted — as a FAIL_FAST
     * broadcast. A nonce kept for a rebuild is given back if it is the last one handed out; otherwise the nonce-gap
     * monitor reports it.
     */
    private void failUnsigned(Withdrawal withdrawal, Long reusedNonce, ChainException e) {
        boolean failed = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!withdrawals.transition(withdrawal.id(), WithdrawalStatus.READY_TO_SIGN, WithdrawalStatus.FAILED,
                    "sign_rejected", e.code() + ": " + e.getMessage(), true)) {
                return false;
            }
            attempts.setReuseNonce(withdrawal.id(), null);
            if (reusedNonce != null && !attempts.returnNonce(withdrawal.chain(), withdrawal.hotWallet(),
                    reusedNonce)) {
                log.error("OPS ALERT nonce {} of {}/{} kept for withdrawal {} is left unused", reusedNonce,
                        withdrawal.chain(), withdrawal.hotWallet(), withdrawal.id());
            }
            ChainSpec spec = catalog.chain(withdrawal.chain());
            outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalFailed(withdrawal.id().toString(),
                    withdrawal.merchantId(), withdrawal.holdId().toString(), withdrawal.chain(),
                    Long.toString(spec.chainId()), null, withdrawal.hotWallet(), null, null), clock.instant()));
            return true;
        }));
        if (!failed) {
            return;
        }
        meters.counter("stablerail.withdrawal.fail_fast", "chain", withdrawal.chain()).increment();
        log.error("OPS ALERT withdrawal {} FAILED before signing: the node refused the transfer ({}: {}); hold {} is "
                + "being voided", withdrawal.id(), e.code(), e.getMessage(), withdrawal.holdId());
        service.releaseHold(withdrawals.find(withdrawal.id()).orElseThrow());
    }

    /** Sends a stored attempt and acts on the classified answer. */
    void send(Attempt attempt) {
        try {
            chain.broadcast(attempt.chain(), attempt.rawTransaction());
            accepted(attempt);
        } catch (ChainException e) {
            switch (e.failureClass()) {
                case ALREADY_KNOWN -> accepted(attempt);
                case RETRY -> retryLater(attempt, e.code() + ": " + e.getMessage());
                case REBUILD -> rebuildIfDead(attempt, e);
                case FAIL_FAST -> failFast(attempt, e);
            }
        } catch (RuntimeException e) {
            retryLater(attempt, "unclassified: " + e);
        }
    }

    private void accepted(Attempt attempt) {
        transaction.executeWithoutResult(status -> {
            if (!attempts.setAttemptStatus(attempt.id(), UNSENT, AttemptStatus.BROADCAST)) {
                return;
            }
            Withdrawal w = withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
            // every attempt a node accepted is followed by confirmation-worker until final, failed or dropped; an ops
            // cancel for what it is: the wallet's zero-value self-send at the transfer's nonce
            TrackRequest track = attempt.kind() == AttemptKind.CANCEL
                    ? new TrackRequest(TrackPurpose.SELF_SEND, attempt.id().toString(), attempt.chain(), attempt.txid(),
                            null, w.hotWallet(), w.hotWallet(), "0", null, attempt.nonce(), null, clock.instant(), null)
                    : new TrackRequest(TrackPurpose.WITHDRAWAL, attempt.id().toString(), attempt.chain(),
                            attempt.txid(), w.tokenContract(), w.hotWallet(), w.toAddress(), w.amountBase().toString(),
                            null, attempt.nonce(), attempt.expiresAt() == null ? null
                            : attempt.expiresAt().toEpochMilli(), clock.instant(), null);
            outbox.append(Topics.TRACK_REQUESTS, EventEnvelope.of(track, clock.instant()));
            boolean firstBroadcast = withdrawals.transition(w.id(), Set.of(WithdrawalStatus.SIGNED),
                    WithdrawalStatus.BROADCAST, null, null, false);
            // the merchant hears of every transfer transaction that may carry its withdrawal: the first, and each
            // replacement (same nonce, higher fees) or rebuild — naming the one it supersedes. A cancel is not a
            // transfer and is not announced as one.
            boolean supersedes = attempt.kind() == AttemptKind.TRANSFER && attempt.replaces() != null;
            if (firstBroadcast || supersedes) {
                String replacesTxHash = attempt.replaces() == null ? null : attempts.attempts(w.id()).stream()
                        .filter(a -> a.id().equals(attempt.replaces())).map(Attempt::txid).findFirst().orElse(null);
                ChainSpec spec = catalog.chain(w.chain());
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalBroadcast(w.id().toString(),
                        w.merchantId(), w.chain(), Long.toString(spec.chainId()), attempt.txid(), w.hotWallet(),
                        w.tokenContract(), w.toAddress(), w.amountBase().toString(), attempt.nonce(),
                        attempt.referenceBlock(), replacesTxHash), clock.instant()));
            }
        });
        meters.counter("stablerail.withdrawal.broadcasts", "chain", attempt.chain()).increment();
        log.info("withdrawal {} BROADCAST: txid {}", attempt.withdrawalId(), attempt.txid());
    }

    private void retryLater(Attempt attempt, String error) {
        Instant next = clock.instant().plus(backoff.delay(attempt.sendFailures(),
                () -> ThreadLocalRandom.current().nextDouble()));
        transaction.executeWithoutResult(status -> attempts.scheduleResend(attempt.id(), attempt.sendFailures() + 1,
                next, error));
        meters.counter("stablerail.withdrawal.broadcast.retries", "chain", attempt.chain()).increment();
        log.warn("withdrawal {} txid {}: send failed ({}), same transaction again at {}", attempt.withdrawalId(),
                attempt.txid(), error, next);
    }

    /**
     * The node says this transaction can never land. A new attempt is allowed only when every live attempt of the
     * withdrawal is provably dead (DESIGN rule 5); until then the same transaction is retried with backoff.
     */
    private void rebuildIfDead(Attempt attempt, ChainException e) {
        if (!rebuildWhenAllDead(attempt, e.code())) {
            retryLater(attempt, "REBUILD asked (" + e.code() + ") but not every attempt is provably dead");
        }
    }

    /**
     * confirmation-worker reported these attempts dropped: the same proof-of-death rule as a node's REBUILD answer.
     * The report only says where to look; our own chain port must find EVERY attempt of the withdrawal that may still
     * be mined provably dead before anything is built. Until then the check is repeated with backoff (and the
     * withdrawal stays in flight: one of its attempts may still be mined).
     */
    /**
     * After this many proof-of-death checks of a dropped report that all failed to prove it, ops are alerted once
     * (counter {@code stablerail.withdrawal.dropped.unproven}, an OPS ALERT log); the checks go on.
     */
    static final int DROPPED_UNPROVEN_ALERT_CHECKS = 10;

    private void checkReportedDropped(ChainSpec spec, String wallet, Instant now) {
        for (Attempt reported : attempts.deathCheckDue(spec.name(), wallet, now, settings.batchMax())) {
            try {
                if (rebuildWhenAllDead(reported, "dropped_report")) {
                    continue;
                }
                int checks = attempts.deathChecks(reported.id()) + 1;
                Instant next = clock.instant().plus(backoff.delay(checks - 1,
                        () -> ThreadLocalRandom.current().nextDouble()));
                transaction.executeWithoutResult(status -> attempts.deathCheckAgain(reported.id(), checks, next));
                log.warn("withdrawal {}: attempt {} txid {} was reported dropped but not every attempt is provably "
                        + "dead (check {}); nothing is built, looking again at {}", reported.withdrawalId(),
                        reported.attemptNo(), reported.txid(), checks, next);
                if (checks == DROPPED_UNPROVEN_ALERT_CHECKS) {
                    // the checks go on (with capped backoff); a person should look at why our nodes disagree
                    meters.counter("stablerail.withdrawal.dropped.unproven", "chain", spec.name()).increment();
                    log.error("OPS ALERT withdrawal {}: attempt {} txid {} was reported dropped {} checks ago and our "
                            + "nodes still cannot prove every attempt dead; it stays in flight, nothing is built",
                            reported.withdrawalId(), reported.attemptNo(), reported.txid(), checks);
                }
            } catch (RuntimeException e) {
                // nodes down or the database busy: the check stays due, the next run looks again (fail closed)
                log.warn("withdrawal {}: proof-of-death check of dropped attempt {} failed this run: {}",
                        reported.withdrawalId(), reported.txid(), e.toString());
            }
        }
    }

    /**
     * DESIGN rule 5. Asks the chain port about every attempt of the withdrawal that may still be mined (SIGNED,
     * BROADCAST and REPLACED — a REPLACED attempt can be mined instead of its replacement). Only when all are provably
     * dead: they become DEAD and the withdrawal APPROVED again in one commit (so the sender builds one new attempt),
     * or — if one of them was an ops cancel — FAILED as cancelled. Returns false when some attempt may still be mined
     * (nothing changed); true when done, or when the attempt was decided meanwhile (nothing to do).
     */
    private boolean rebuildWhenAllDead(Attempt attempt, String why) {
        // every attempt that may still be mined counts, REPLACED ones too: a replacement refused as "nonce too low"
        // usually means the attempt it replaced was mined — that is no reason to build anything
        List<Attempt> live = attempts.possiblyMined(attempt.withdrawalId());
        if (live.stream().noneMatch(a -> a.id().equals(attempt.id()))) {
            return true; // decided meanwhile (mined, failed or already judged dead): nothing to rebuild from
        }
        boolean allDead = live.stream().allMatch(a -> chain.isProvablyDead(a.chain(), a.view()));
        if (!allDead) {
            return false;
        }
        if (live.stream().anyMatch(a -> a.kind() == AttemptKind.CANCEL)) {
            cancelledElsewhere(attempt, live);
            return true;
        }
        Long reuseNonce = attempt.nonce() != null
                && chain.pendingNonce(attempt.chain(), attempt.wallet()) <= attempt.nonce() ? attempt.nonce() : null;
        boolean rebuilt = Boolean.TRUE.equals(transaction.execute(status -> {
            // the withdrawal's row first (as the outcome consumer locks it), then all or nothing: an attempt that
            // changed since it was judged (an outcome arrived) means nothing is rebuilt
            withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
            for (Attempt dead : live) {
                if (!attempts.setAttemptStatus(dead.id(), POSSIBLY_MINED, AttemptStatus.DEAD)) {
                    status.setRollbackOnly();
                    return false;
                }
            }
            if (!withdrawals.transition(attempt.withdrawalId(), WithdrawalStatus.IN_FLIGHT, WithdrawalStatus.APPROVED,
                    null, null, false)) {
                status.setRollbackOnly();
                return false;
            }
            attempts.setReuseNonce(attempt.withdrawalId(), reuseNonce);
            return true;
        }));
        if (rebuilt) {
            meters.counter("stablerail.withdrawal.rebuilds", "chain", attempt.chain()).increment();
            log.warn("withdrawal {}: every attempt provably dead ({}), a new attempt will be built (nonce reused: {})",
                    attempt.withdrawalId(), why, reuseNonce);
        } else {
            log.info("withdrawal {}: attempts changed while judged dead ({}); nothing rebuilt",
                    attempt.withdrawalId(), why);
        }
        return true;
    }

    /**
     * Ops cancelled, and every attempt — transfers and cancels — is provably dead (the nonce went to a transaction
     * that is none of ours): the transfer can never happen, so the withdrawal is FAILED as cancelled (no fee of ours
     * was burned), the hold voided, ops alerted.
     */
    private void cancelledElsewhere(Attempt attempt, List<Attempt> dead) {
        Withdrawal withdrawal = withdrawals.find(attempt.withdrawalId()).orElseThrow();
        boolean failed = Boolean.TRUE.equals(transaction.execute(status -> {
            for (Attempt a : dead) {
                attempts.setAttemptStatus(a.id(), POSSIBLY_MINED, AttemptStatus.DEAD);
            }
            if (!withdrawals.transition(withdrawal.id(), WithdrawalStatus.IN_FLIGHT, WithdrawalStatus.FAILED,
                    "cancelled_by_ops", "every attempt is dead: nonce " + attempt.nonce() + " went elsewhere", true)) {
                return false;
            }
            ChainSpec spec = catalog.chain(withdrawal.chain());
            outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalFailed(withdrawal.id().toString(),
                    withdrawal.merchantId(), withdrawal.holdId().toString(), withdrawal.chain(),
                    Long.toString(spec.chainId()), null, withdrawal.hotWallet(), null, null), clock.instant()));
            return true;
        }));
        if (failed) {
            log.error("OPS ALERT withdrawal {} FAILED (cancelled): every attempt at nonce {} is provably dead, the "
                    + "nonce went to a transaction that is not ours; hold {} is being voided", withdrawal.id(),
                    attempt.nonce(), withdrawal.holdId());
            service.releaseHold(withdrawal);
        }
    }

    /**
     * A node refused a replacement as invalid: it is DEAD, the attempt it replaced is the broadcast one again (still
     * tracked), and the withdrawal waits for ops as STUCK. The nonce stays taken — the earlier transaction holds it.
     */
    private void replacementRefused(Attempt attempt, ChainException e) {
        boolean stuck = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!attempts.setAttemptStatus(attempt.id(), UNSENT, AttemptStatus.DEAD)) {
                return false;
            }
            attempts.setAttemptStatus(attempt.replaces(), EnumSet.of(AttemptStatus.REPLACED), AttemptStatus.BROADCAST);
            return withdrawals.transition(attempt.withdrawalId(), Set.of(WithdrawalStatus.BROADCAST),
                    WithdrawalStatus.STUCK, null, null, false);
        }));
        if (stuck) {
            meters.counter("stablerail.withdrawal.stuck.entered", "chain", attempt.chain()).increment();
        }
        meters.counter("stablerail.withdrawal.fail_fast", "chain", attempt.chain()).increment();
        log.error("OPS ALERT withdrawal {}: node refused replacement {} ({}: {}); the earlier transaction stays, the "
                + "withdrawal is STUCK: bump or cancel it by hand", attempt.withdrawalId(), attempt.txid(), e.code(),
                e.getMessage());
    }

    /** The node refused the transaction as invalid: FAILED, hold voided, ops alerted. */
    private void failFast(Attempt attempt, ChainException e) {
        if (attempt.replaces() != null) {
            replacementRefused(attempt, e);
            return;
        }
        Withdrawal withdrawal = withdrawals.find(attempt.withdrawalId()).orElseThrow();
        boolean failed = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!attempts.setAttemptStatus(attempt.id(), UNSENT, AttemptStatus.DEAD)) {
                return false;
            }
            if (!withdrawals.transition(withdrawal.id(), Set.of(WithdrawalStatus.SIGNED), WithdrawalStatus.FAILED,
                    "broadcast_rejected", e.code() + ": " + e.getMessage(), true)) {
                return false;
            }
            if (attempt.nonce() != null) {
                attempts.returnNonce(attempt.chain(), attempt.wallet(), attempt.nonce());
            }
            ChainSpec spec = catalog.chain(withdrawal.chain());
            outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalFailed(withdrawal.id().toString(),
                    withdrawal.merchantId(), withdrawal.holdId().toString(), withdrawal.chain(),
                    Long.toString(spec.chainId()), null, withdrawal.hotWallet(), null, null), clock.instant()));
            return true;
        }));
        if (!failed) {
            return;
        }
        meters.counter("stablerail.withdrawal.fail_fast", "chain", attempt.chain()).increment();
        log.error("OPS ALERT withdrawal {} FAILED: node refused transaction {} ({}: {}); hold {} is being voided",
                withdrawal.id(), attempt.txid(), e.code(), e.getMessage(), withdrawal.holdId());
        service.releaseHold(withdrawal);
    }
}
