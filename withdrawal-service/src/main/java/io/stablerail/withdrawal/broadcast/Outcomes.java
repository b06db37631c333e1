package io.stablerail.withdrawal.broadcast;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
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
 * fee). A transaction that is not one of our attempts is ignored.
 */
public class Outcomes {

    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);
    private static final EnumSet<AttemptStatus> OPEN = EnumSet.of(AttemptStatus.SIGNED, AttemptStatus.BROADCAST,
            AttemptStatus.DEAD);

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

    public void transactionFinal(TransactionFinal fact) {
        transaction.executeWithoutResult(status -> {
            Optional<Attempt> attempt = attempts.findByTxid(fact.chain(), fact.txHash());
            if (attempt.isEmpty()) {
                return;
            }
            warnIfDead(attempt.get());
            attempts.setAttemptStatus(attempt.get().id(), OPEN, AttemptStatus.CONFIRMED);
            Withdrawal w = withdrawals.findForUpdate(attempt.get().withdrawalId()).orElseThrow();
            if (withdrawals.transition(w.id(), EnumSet.of(WithdrawalStatus.SIGNED, WithdrawalStatus.BROADCAST),
                    WithdrawalStatus.CONFIRMED, null, null, false)) {
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalConfirmed(w.id().toString(),
                        w.merchantId(), w.holdId().toString(), w.chain(), chainId(w.chain()), fact.txHash(),
                        fact.logIndex(), w.tokenContract(), w.asset(), w.amountMinor().toString(), w.hotWallet(),
                        nativeCurrency(w.chain()), fact.feeAmount()), clock.instant()));
                log.info("withdrawal {} CONFIRMED by txid {}", w.id(), fact.txHash());
            } else if (w.status() != WithdrawalStatus.CONFIRMED) {
                log.error("OPS ALERT withdrawal {} is {} but its transaction {} was mined successfully: the books and "
                        + "the chain disagree, no automatic action", w.id(), w.status(), fact.txHash());
            }
        });
    }

    public void transactionFailed(TransactionFailed fact) {
        transaction.executeWithoutResult(status -> {
            Optional<Attempt> attempt = attempts.findByTxid(fact.chain(), fact.txHash());
            if (attempt.isEmpty()) {
                return;
            }
            warnIfDead(attempt.get());
            attempts.setAttemptStatus(attempt.get().id(), OPEN, AttemptStatus.FAILED);
            Withdrawal w = withdrawals.findForUpdate(attempt.get().withdrawalId()).orElseThrow();
            if (withdrawals.transition(w.id(), EnumSet.of(WithdrawalStatus.SIGNED, WithdrawalStatus.BROADCAST),
                    WithdrawalStatus.FAILED, "failed_on_chain", fact.reason() + ": " + fact.detail(), true)) {
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalFailed(w.id().toString(),
                        w.merchantId(), w.holdId().toString(), w.chain(), chainId(w.chain()), fact.txHash(),
                        w.hotWallet(), nativeCurrency(w.chain()), fact.feeAmount()), clock.instant()));
                log.error("OPS ALERT withdrawal {} FAILED on chain: txid {} {} {}", w.id(), fact.txHash(),
                        fact.reason(), fact.detail());
            }
        });
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
