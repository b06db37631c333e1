package io.stablerail.withdrawal.broadcast;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.events.withdrawal.NonceGapFilled;
import io.stablerail.events.withdrawal.WithdrawalConfirmed;
import io.stablerail.events.withdrawal.WithdrawalFailed;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Confirmation results from confirmation-worker applied to withdrawals, inside the consumer's inbox transaction.
 * A final transfer makes the withdrawal CONFIRMED ({@code withdrawal.confirmed}: the ledger posts the hold and books
 * the fee); a mined failure makes it FAILED ({@code withdrawal.failed}: the ledger voids the hold and books the burned
 * fee). A transaction that is not one of our attempts is ignored. A stuck report asks the sender for an EVM replacement;
 * a dropped report asks it to check proof of death (DESIGN rule 5) — never to rebuild on the report alone.
 */
public class Outcomes {

    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);
    private static final EnumSet<AttemptStatus> OPEN = EnumSet.of(AttemptStatus.SIGNED, AttemptStatus.BROADCAST,
            AttemptStatus.REPLACED, AttemptStatus.DEAD);

    private final WithdrawalRepository withdrawals;
    private final BroadcastRepository attempts;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Outcomes(WithdrawalRepository withdrawals, BroadcastRepository attempts, Outbox outbox,
                    PlatformTransactionManager transactions, Clock clock) {
        this.withdrawals = withdrawals;
        this.attempts = attempts;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * A final transfer: this attempt was mined, so every other attempt of the withdrawal (an earlier one it replaced,
     * or a replacement of it: all share its nonce) is DEAD, and the withdrawal is CONFIRMED with THIS attempt's fee.
     * The status guard makes it happen once: a later outcome of another attempt changes nothing and is alerted.
     */
    public void transactionFinal(TransactionFinal fact) {
        onAttempt(fact.chain(), fact.txHash(), attempt -> {
            if (attempt.kind() == AttemptKind.NONCE_FILL) {
                fillerMined(attempt, fact.txHash(), fact.feeAmount());
                return;
            }
            // a final verdict counts only as the checklist it was checked against: a transfer's Transfer log, or a
            // self-send for what it is
            TrackPurpose expected = attempt.kind() == AttemptKind.CANCEL ? TrackPurpose.SELF_SEND
                    : TrackPurpose.WITHDRAWAL;
            if (fact.purpose() != expected) {
                log.error("OPS ALERT {} attempt {} of withdrawal {} reported final as {} (txid {}), not {}: no "
                        + "automatic action", attempt.kind(), attempt.id(), attempt.withdrawalId(), fact.purpose(),
                        fact.txHash(), expected);
                return;
            }
            if (attempt.kind() == AttemptKind.CANCEL) {
                // the ops cancel, verified by the worker as the wallet's self-send at the nonce: the transfer can
                // never be mined
                minedWithoutTransfer(attempt, fact.txHash(), fact.feeAmount(), fact.feeUnit(), null);
                return;
            }
            if (attempt.status() == AttemptStatus.CONFIRMED) {
                return; // this very outcome was applied already
            }
            warnIfDead(attempt);
            Withdrawal w = withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
            if (!WithdrawalStatus.IN_FLIGHT.contains(w.status())) {
                alertLate(w, attempt, fact.txHash(), "final");
                return;
            }
            // the others first: the unique index on a wallet's live nonces allows one decided attempt per nonce
            attempts.markOthersDead(w.id(), attempt.id());
            attempts.setAttemptStatus(attempt.id(), OPEN, AttemptStatus.CONFIRMED);
            if (withdrawals.transition(w.id(), WithdrawalStatus.IN_FLIGHT, WithdrawalStatus.CONFIRMED, null, null,
                    false)) {
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalConfirmed(w.id().toString(),
                        w.merchantId(), w.holdId().toString(), w.chain(), chainId(w.chain()), fact.txHash(),
                        fact.logIndex(), w.tokenContract(), w.asset(), w.amountMinor().toString(), w.hotWallet(),
                        nativeCurrency(w.chain()), fact.feeAmount(),
                        w.feeChargedMinor().signum() > 0 ? w.feeChargedMinor().toString() : null), clock.instant()));
                log.info("withdrawal {} CONFIRMED by txid {} (attempt {})", w.id(), fact.txHash(),
                        attempt.attemptNo());
            } else {
                alertLate(w, attempt, fact.txHash(), "final");
            }
        });
    }

    /**
     * A mined failure. For a transfer: FAILED, the hold voided and the burned fee booked by the ledger. A self-send
     * (ops cancel, nonce filler) reported failed was mined all the same and took its nonce — the outcome of a mined
     * self-send; requests from before self-sends were tracked as such come back this way (MISMATCH).
     */
    public void transactionFailed(TransactionFailed fact) {
        onAttempt(fact.chain(), fact.txHash(), attempt -> {
            if (attempt.kind() == AttemptKind.NONCE_FILL) {
                fillerMined(attempt, fact.txHash(), fact.feeAmount());
                return;
            }
            minedWithoutTransfer(attempt, fact.txHash(), fact.feeAmount(), fact.feeUnit(),
                    attempt.kind() == AttemptKind.CANCEL ? null : fact.reason() + ": " + fact.detail());
        });
    }

    /**
     * An attempt of the withdrawal was mined and moved no tokens: a transfer that failed on chain ({@code failure}
     * says how: FAILED {@code failed_on_chain}, ops alerted) or the ops cancel ({@code failure} null: FAILED
     * {@code cancelled_by_ops}). Either way the transfer can never be mined: the other attempts are DEAD, the hold is
     * voided and this attempt's fee booked by the ledger ({@code withdrawal.failed}) — once.
     */
    private void minedWithoutTransfer(Attempt attempt, String txHash, String feeAmount, String feeUnit,
                                      String failure) {
        boolean cancel = failure == null;
        if (attempt.status() == (cancel ? AttemptStatus.CONFIRMED : AttemptStatus.FAILED)) {
            return; // this very outcome was applied already
        }
        warnIfDead(attempt);
        Withdrawal w = withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
        String outcome = cancel ? "cancel mined" : "failed";
        if (!WithdrawalStatus.IN_FLIGHT.contains(w.status())) {
            alertLate(w, attempt, txHash, outcome);
            return;
        }
        attempts.markOthersDead(w.id(), attempt.id());
        attempts.setAttemptStatus(attempt.id(), OPEN, cancel ? AttemptStatus.CONFIRMED : AttemptStatus.FAILED);
        String code = cancel ? "cancelled_by_ops" : "failed_on_chain";
        String detail = cancel ? "cancel " + txHash + " mined at nonce " + attempt.nonce() : failure;
        if (!withdrawals.transition(w.id(), WithdrawalStatus.IN_FLIGHT, WithdrawalStatus.FAILED, code, detail, true)) {
            alertLate(w, attempt, txHash, outcome);
            return;
        }
        outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalFailed(w.id().toString(), w.merchantId(),
                w.holdId().toString(), w.chain(), chainId(w.chain()), txHash, w.hotWallet(),
                nativeCurrency(w.chain()), feeAmount), clock.instant()));
        if (cancel) {
            log.warn("withdrawal {} FAILED (cancelled by ops): cancel {} was mined, fee {} {}", w.id(), txHash,
                    feeAmount, feeUnit);
        } else {
            log.error("OPS ALERT withdrawal {} FAILED on chain: txid {} {}", w.id(), txHash, failure);
        }
    }

    /**
     * confirmation-worker saw this attempt unmined past the chain's bound: the sender replaces it on its next run
     * (same nonce, higher fees, within the cap) — only while it is the withdrawal's broadcast attempt of an EVM chain.
     */
    public void transactionStuck(TransactionStuck fact) {
        onAttempt(fact.chain(), fact.txHash(), attempt -> {
            if (attempt.kind() == AttemptKind.NONCE_FILL) {
                log.error("OPS ALERT nonce gap filler {} ({}/{} nonce {}) is stuck for {} blocks: it is not replaced "
                        + "automatically; every later transaction of the wallet waits behind it", fact.txHash(),
                        attempt.chain(), attempt.wallet(), attempt.nonce(), fact.blocksWaited());
                return;
            }
            Withdrawal w = withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
            if (attempt.nonce() == null || w.status() != WithdrawalStatus.BROADCAST
                    || !attempts.markReplaceWanted(attempt.id(), clock.instant())) {
                log.info("stuck report for {} (attempt {}, {}; withdrawal {} {}) needs no replacement", fact.txHash(),
                        attempt.id(), attempt.status(), w.id(), w.status());
                return;
            }
            log.warn("withdrawal {}: attempt {} txid {} (nonce {}) stuck for {} blocks since {}; it will be replaced",
                    w.id(), attempt.attemptNo(), fact.txHash(), attempt.nonce(), fact.blocksWaited(),
                    fact.trackedSince());
        });
    }

    /**
     * confirmation-worker found this attempt dead (TRON: expired and absent at the solidified head; EVM: its nonce
     * consumed at the finality point). The report alone builds nothing: it asks the wallet's sender to check, on its
     * next run and under its lock, that EVERY attempt of the withdrawal that may still be mined is provably dead (the
     * broadcaster's own proof-of-death rule) and only then to build a new attempt. Only the first report of an attempt
     * that may still be mined, of a withdrawal in flight, counts: a redelivery, a report for an unknown, DEAD or
     * decided attempt changes nothing.
     */
    public void transactionDropped(TransactionDropped fact) {
        if (fact.purpose() == TrackPurpose.DEPOSIT) {
            return;
        }
        onAttempt(fact.chain(), fact.txHash(), attempt -> {
            if (attempt.status() == AttemptStatus.CONFIRMED || attempt.status() == AttemptStatus.FAILED) {
                log.error("OPS ALERT attempt {} of withdrawal {} is {} (mined) but was reported dropped ({}: {}): no "
                        + "automatic action; check the chain", attempt.id(), attempt.withdrawalId(), attempt.status(),
                        fact.reason(), fact.detail());
                return;
            }
            if (attempt.kind() == AttemptKind.NONCE_FILL) {
                // no withdrawal, nothing to rebuild: the filler's run marks it DEAD once its own port proves it
                if (attempts.markDropReported(attempt.id(), clock.instant())) {
                    log.warn("nonce gap filler {} ({}/{} nonce {}) reported dropped ({}: {})", fact.txHash(),
                            attempt.chain(), attempt.wallet(), attempt.nonce(), fact.reason(), fact.detail());
                }
                return;
            }
            Withdrawal w = withdrawals.findForUpdate(attempt.withdrawalId()).orElseThrow();
            if (attempt.status() == AttemptStatus.DEAD || !WithdrawalStatus.IN_FLIGHT.contains(w.status())) {
                log.info("dropped report for attempt {} ({}) of withdrawal {} ({}): nothing to do", attempt.id(),
                        attempt.status(), w.id(), w.status());
                return;
            }
            if (attempts.markDropReported(attempt.id(), clock.instant())) {
                log.warn("withdrawal {}: attempt {} txid {} reported dropped ({}: {}, finality block {}); the sender "
                        + "will rebuild only once every attempt is provably dead", w.id(), attempt.attemptNo(),
                        fact.txHash(), fact.reason(), fact.detail(), fact.finalityBlockNumber());
            }
        });
    }

    /**
     * Runs {@code apply} on our attempt with this txid, in one transaction (the consumer's inbox row commits with it);
     * an outcome of a transaction that is not one of our attempts changes nothing.
     */
    private void onAttempt(String chain, String txHash, java.util.function.Consumer<Attempt> apply) {
        transaction.executeWithoutResult(status -> {
            Optional<Attempt> found = attempts.findByTxid(chain, txHash);
            if (found.isEmpty()) {
                log.info("outcome for {} on {}: not one of our attempts, ignored", txHash, chain);
                return;
            }
            apply.accept(found.get());
        });
    }

    /**
     * A nonce gap filler was mined: CONFIRMED with the fee it paid, and {@code withdrawal.nonce-gap-filled} for the
     * ledger (the platform's network fee) — once: a redelivery, or the other outcome type for the same transaction,
     * finds it CONFIRMED and changes nothing.
     */
    private void fillerMined(Attempt filler, String txHash, String feeAmount) {
        if (filler.status() == AttemptStatus.DEAD) {
            log.warn("nonce gap filler {} was judged dead but was mined: booking its fee", txHash);
        }
        if (!attempts.setAttemptStatus(filler.id(), EnumSet.of(AttemptStatus.SIGNED, AttemptStatus.BROADCAST,
                AttemptStatus.DEAD), AttemptStatus.CONFIRMED)) {
            return; // applied already
        }
        java.math.BigInteger fee = feeAmount == null ? java.math.BigInteger.ZERO : new java.math.BigInteger(feeAmount);
        attempts.recordFeePaid(filler.id(), fee);
        outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new NonceGapFilled(filler.id().toString(), filler.chain(),
                chainId(filler.chain()), filler.wallet(), filler.nonce(), txHash, nativeCurrency(filler.chain()),
                fee.toString()), clock.instant()));
        log.info("nonce gap of {}/{} at {} filled by {} (fee {})", filler.chain(), filler.wallet(), filler.nonce(),
                txHash, fee);
    }

    /** Another attempt of this withdrawal already decided it: nothing is booked twice, and ops hear of it. */
    private void alertLate(Withdrawal w, Attempt attempt, String txHash, String outcome) {
        log.error("OPS ALERT withdrawal {} is {} but its attempt {} ({}) was reported {}: {} — no automatic action, "
                + "nothing booked again", w.id(), w.status(), attempt.attemptNo(), txHash, outcome,
                w.status() == WithdrawalStatus.CONFIRMED || w.status() == WithdrawalStatus.FAILED
                        ? "two attempts of one nonce cannot both be mined; check the chain" : "the books and the "
                        + "chain disagree");
    }

    /**
     * The chain id of the ledger's chain-fact keys, as deposits use it: the EIP-155 id on EVM chains, the chain name
     * on TRON.
     */
    static String chainId(String chain) {
        ChainSpec spec = ChainRegistry.knownChain(chain);
        return spec.family() == ChainFamily.TRON ? chain : Long.toString(spec.chainId());
    }

    /** The native currency the network fee is paid in (fee amounts come in its base unit: wei or sun). */
    static String nativeCurrency(String chain) {
        if (ChainRegistry.knownChain(chain).family() == ChainFamily.TRON) {
            return "TRX";
        }
        return chain.startsWith("polygon") ? "POL" : "ETH";
    }

    private static void warnIfDead(Attempt attempt) {
        if (attempt.status() == AttemptStatus.DEAD) {
            log.error("OPS ALERT attempt {} of withdrawal {} was judged dead but was mined (txid {})", attempt.id(),
                    attempt.withdrawalId(), attempt.txid());
        }
    }
}
