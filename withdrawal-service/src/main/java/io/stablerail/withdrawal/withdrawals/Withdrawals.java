package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.events.Topics;
import io.stablerail.events.withdrawal.WithdrawalApproved;
import io.stablerail.events.withdrawal.WithdrawalCancelled;
import io.stablerail.events.withdrawal.WithdrawalRejected;
import io.stablerail.events.withdrawal.WithdrawalRequested;
import io.stablerail.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The withdrawal application service. The intent row exists (REQUESTED) before the ledger is asked for funds (DESIGN
 * rule 1); the hold id is derived from the withdrawal id, so a retry after a lost answer reserves the same hold. No
 * remote call happens inside a database transaction.
 */
public class Withdrawals {

    private static final Logger log = LoggerFactory.getLogger(Withdrawals.class);

    private final WithdrawalRepository repository;
    private final ChainCatalog catalog;
    private final Funds funds;
    private final Outbox outbox;
    private final WithdrawalProperties.Policy policy;
    private final WithdrawalProperties properties;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    public Withdrawals(WithdrawalRepository repository, ChainCatalog catalog, Funds funds, Outbox outbox,
                       WithdrawalProperties properties, Clock clock, PlatformTransactionManager transactions,
                       MeterRegistry meters) {
        this.repository = repository;
        this.catalog = catalog;
        this.funds = funds;
        this.outbox = outbox;
        this.policy = properties.policy();
        this.properties = properties;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    /** The outcome of an intake: the withdrawal and whether it already existed under this idempotency key. */
    public record Intake(Withdrawal withdrawal, boolean replayed) {
    }

    /**
     * Records the intent (or finds it again), then reserves the funds. Invalid input, a reused key with another
     * request, and limits are refused before anything is stored.
     */
    public Intake request(WithdrawalRequest request) {
        ValidatedRequest valid = catalog.validate(request);
        Intake intake = transaction.execute(status -> recordIntent(valid));
        Withdrawal withdrawal = intake.withdrawal();
        if (withdrawal.status() == WithdrawalStatus.REQUESTED) {
            withdrawal = reserve(withdrawal);
        }
        if (withdrawal.status() == WithdrawalStatus.REJECTED && "insufficient_funds".equals(withdrawal.failureCode())) {
            throw new WithdrawalException(WithdrawalException.Kind.UNPROCESSABLE, "insufficient_funds",
                    "the merchant's available " + withdrawal.asset() + " balance does not cover the withdrawal",
                    withdrawal.id());
        }
        return new Intake(withdrawal, intake.replayed());
    }

    private Intake recordIntent(ValidatedRequest valid) {
        repository.lockMerchant(valid.merchantId());
        var existing = repository.findByKey(valid.merchantId(), valid.idempotencyKey());
        if (existing.isPresent()) {
            if (!existing.get().fingerprint().equals(valid.fingerprint())) {
                throw WithdrawalException.unprocessable("idempotency_key_reused", "this Idempotency-Key was used "
                        + "for a different withdrawal request");
            }
            return new Intake(existing.get(), true);
        }
        checkLimits(valid);
        Instant now = clock.instant();
        Instant usableFrom = repository.addressUsableFrom(valid.merchantId(), valid.chain(), valid.toAddress(), now,
                now.plus(policy.addressCooldown(valid.merchantId())));
        UUID id = TimeOrderedIds.next();
        Withdrawal withdrawal = new Withdrawal(id, valid.merchantId(), valid.idempotencyKey(), valid.fingerprint(),
                valid.chain(), valid.asset(), valid.tokenContract(), valid.toAddress(), valid.amountMinor(),
                valid.amountBase(), valid.reference(), Withdrawal.holdIdOf(id), valid.hotWallet(),
                WithdrawalStatus.REQUESTED, approvalsRequired(valid.amountMinor()), valid.requestedBy(), null, null,
                null, usableFrom, now, now, properties.feeChargedMinor(valid.chain()));
        if (!repository.insert(withdrawal)) {
            throw new IllegalStateException("idempotency key appeared while the merchant was locked");
        }
        return new Intake(withdrawal, false);
    }

    private void checkLimits(ValidatedRequest valid) {
        BigInteger perTransaction = policy.perTransactionMax(valid.merchantId());
        if (valid.amountMinor().compareTo(perTransaction) > 0) {
            throw WithdrawalException.unprocessable("limit_exceeded", "amount is above the per-transaction limit of "
                    + perTransaction + " minor units");
        }
        BigInteger today = repository.totalOn(valid.merchantId(), valid.asset(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        BigInteger daily = policy.dailyMax(valid.merchantId());
        if (today.add(valid.amountMinor()).compareTo(daily) > 0) {
            throw WithdrawalException.unprocessable("limit_exceeded", "amount would take today's withdrawals of "
                    + valid.asset() + " above the daily limit of " + daily + " minor units");
        }
    }

    int approvalsRequired(BigInteger amountMinor) {
        if (amountMinor.compareTo(policy.fourEyesAboveMinor()) > 0) {
            return 2;
        }
        return amountMinor.compareTo(policy.approvalAboveMinor()) > 0 ? 1 : 0;
    }

    /**
     * Reserves the withdrawal's hold and moves it on: RESERVED then policy (PENDING_APPROVAL or APPROVED), or
     * REJECTED when funds are insufficient (the ledger created no hold). If the ledger cannot answer, the withdrawal
     * stays REQUESTED (the recovery job and any replay retry it) and the caller gets {@code funds_unavailable}.
     */
    public Withdrawal reserve(Withdrawal withdrawal) {
        Funds.Reservation reservation;
        try {
            reservation = funds.reserve(withdrawal.holdId(), withdrawal.merchantId(), withdrawal.asset(),
                    withdrawal.holdAmountMinor(), withdrawal.holdReference());
        } catch (Funds.FundsUnavailableException e) {
            log.warn("ledger unavailable while reserving withdrawal {}: {}", withdrawal.id(), e.getMessage());
            throw new WithdrawalException(WithdrawalException.Kind.UNAVAILABLE, "funds_unavailable", "the ledger "
                    + "did not answer; the withdrawal is recorded and will be retried", withdrawal.id());
        }
        transaction.executeWithoutResult(status -> {
            if (reservation == Funds.Reservation.INSUFFICIENT_FUNDS) {
                if (repository.transition(withdrawal.id(), Set.of(WithdrawalStatus.REQUESTED),
                        WithdrawalStatus.REJECTED, "insufficient_funds", null, false)) {
                    outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalRejected(
                            withdrawal.id().toString(), withdrawal.merchantId(), "insufficient_funds"), clock.instant()));
                    meters.counter("stablerail.withdrawal.rejected", "code", "insufficient_funds").increment();
                }
                return;
            }
            WithdrawalStatus next = withdrawal.approvalsRequired() > 0 ? WithdrawalStatus.PENDING_APPROVAL
                    : WithdrawalStatus.APPROVED;
            if (repository.transition(withdrawal.id(), Set.of(WithdrawalStatus.REQUESTED), next, null, null, false)) {
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalRequested(withdrawal.id().toString(),
                        withdrawal.merchantId(), withdrawal.holdId().toString(), withdrawal.chain(), withdrawal.asset(),
                        withdrawal.amountMinor().toString(), withdrawal.toAddress(), withdrawal.reference(),
                        next.name()), clock.instant()));
            }
        });
        return repository.find(withdrawal.id()).orElseThrow();
    }

    /**
     * Registers a destination ahead of its first use, so its cool-down starts now; an address already in the book
     * keeps its date.
     */
    public Destination addDestination(String merchantId, String chain, String address) {
        if (chain == null || address == null) {
            throw WithdrawalException.invalid("invalid_request", "chain and address are required");
        }
        String canonical = catalog.destination(catalog.chain(chain), address);
        Instant now = clock.instant();
        Instant usableFrom = transaction.execute(status -> repository.addressUsableFrom(merchantId, chain, canonical,
                now, now.plus(policy.addressCooldown(merchantId))));
        return new Destination(chain, canonical, usableFrom);
    }

    /** An address-book entry: the destination in canonical form and when it may first be paid. */
    public record Destination(String chain, String address, Instant usableFrom) {
    }

    public Withdrawal get(String merchantId, UUID id) {
        return repository.find(id).filter(w -> w.merchantId().equals(merchantId))
                .orElseThrow(() -> WithdrawalException.notFound(id));
    }

    public Withdrawal get(UUID id) {
        return repository.find(id).orElseThrow(() -> WithdrawalException.notFound(id));
    }

    /** {@link WithdrawalRepository#onChainTxid}: what a merchant looks up on a block explorer. */
    public Optional<String> txHash(UUID id) {
        return repository.onChainTxid(id);
    }

    /** {@link WithdrawalRepository#onChainTxids}, for a page of withdrawals. */
    public Map<UUID, String> txHashes(List<UUID> ids) {
        return repository.onChainTxids(ids);
    }

    /** The most a page of withdrawals holds (a merchant's list, ops' list by status). */
    public static final int PAGE_MAX = 100;

    /**
     * Up to {@code limit} (1 to {@value #PAGE_MAX}) of the merchant's withdrawals, oldest first, after {@code after}
     * (null: from the first).
     */
    public List<Withdrawal> list(String merchantId, WithdrawalRepository.ListPosition after, int limit) {
        return repository.listForMerchant(merchantId, after, pageLimit(limit));
    }

    /** For ops: the withdrawals in {@code status} (e.g. STUCK, PENDING_APPROVAL), oldest first, as {@link #list}. */
    public List<Withdrawal> listByStatus(WithdrawalStatus status, WithdrawalRepository.ListPosition after, int limit) {
        return repository.listByStatus(status, after, pageLimit(limit));
    }

    private static int pageLimit(int limit) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw WithdrawalException.invalid("invalid_request", "limit must be 1 to " + PAGE_MAX);
        }
        return limit;
    }

    /**
     * One ops approval. The requester may not approve; an approver counts once. Reaching the required number of
     * approvals makes the withdrawal APPROVED.
     */
    public Withdrawal approve(UUID id, String approver) {
        requireActor(approver);
        transaction.executeWithoutResult(status -> {
            Withdrawal withdrawal = repository.findForUpdate(id).orElseThrow(() -> WithdrawalException.notFound(id));
            if (withdrawal.status() != WithdrawalStatus.PENDING_APPROVAL) {
                throw WithdrawalException.conflict("not_pending_approval", "withdrawal is " + withdrawal.status(), id);
            }
            if (approver.equals(withdrawal.requestedBy())) {
                throw new WithdrawalException(WithdrawalException.Kind.FORBIDDEN, "approver_is_requester",
                        "the requester of a withdrawal cannot approve it", id);
            }
            if (!repository.addApproval(id, approver)) {
                throw WithdrawalException.conflict("already_approved", approver + " already approved this withdrawal",
                        id);
            }
            if (repository.approvals(id) >= withdrawal.approvalsRequired()
                    && repository.transition(id, Set.of(WithdrawalStatus.PENDING_APPROVAL), WithdrawalStatus.APPROVED,
                    null, null, false)) {
                outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalApproved(id.toString(),
                        withdrawal.merchantId(), repository.approvers(id)), clock.instant()));
            }
        });
        return get(id);
    }

    /** Ops refuse a withdrawal waiting for approval; its hold is voided. */
    public Withdrawal reject(UUID id, String approver) {
        requireActor(approver);
        boolean changed = Boolean.TRUE.equals(transaction.execute(status -> {
            Withdrawal withdrawal = repository.findForUpdate(id).orElseThrow(() -> WithdrawalException.notFound(id));
            if (!repository.transition(id, Set.of(WithdrawalStatus.PENDING_APPROVAL), WithdrawalStatus.REJECTED,
                    "rejected_by_ops", "rejected by " + approver, true)) {
                throw WithdrawalException.conflict("not_pending_approval", "withdrawal is " + withdrawal.status(), id);
            }
            outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalRejected(id.toString(),
                    withdrawal.merchantId(), "rejected_by_ops"), clock.instant()));
            return true;
        }));
        if (changed) {
            releaseHold(get(id));
        }
        return get(id);
    }

    /** Cancels a withdrawal that is not yet signed; its hold is voided. */
    public Withdrawal cancel(String merchantId, UUID id, String actor) {
        transaction.executeWithoutResult(status -> {
            Withdrawal withdrawal = repository.findForUpdate(id).filter(w -> w.merchantId().equals(merchantId))
                    .orElseThrow(() -> WithdrawalException.notFound(id));
            if (!repository.transition(id, WithdrawalStatus.CANCELLABLE, WithdrawalStatus.CANCELLED, "cancelled",
                    "cancelled by " + actor, true)) {
                throw WithdrawalException.conflict("not_cancellable", "a " + withdrawal.status() + " withdrawal "
                        + "cannot be cancelled (cancel is possible until it is signed)", id);
            }
            outbox.append(Topics.WITHDRAWALS, EventEnvelope.of(new WithdrawalCancelled(id.toString(), merchantId,
                    withdrawal.holdId().toString(), actor), clock.instant()));
        });
        releaseHold(get(id));
        return get(id);
    }

    /** Voids the hold of a withdrawal flagged for release; on failure the flag stays and the job retries. */
    public void releaseHold(Withdrawal withdrawal) {
        try {
            funds.release(withdrawal.holdId());
            transaction.executeWithoutResult(status -> repository.releaseDone(withdrawal.id()));
        } catch (RuntimeException e) {
            log.warn("hold {} of withdrawal {} not released yet, will retry: {}", withdrawal.holdId(), withdrawal.id(),
                    e.toString());
        }
    }

    /** One bounded run of the recovery job: pending hold releases, then stale REQUESTED reservations. */
    public void recoverOnce(int batchMax, java.time.Duration requestedGrace) {
        repository.releasePending(batchMax).forEach(this::releaseHold);
        for (Withdrawal withdrawal : repository.requestedBefore(clock.instant().minus(requestedGrace), batchMax)) {
            try {
                reserve(withdrawal);
            } catch (WithdrawalException e) {
                log.warn("withdrawal {} still REQUESTED: {}", withdrawal.id(), e.getMessage());
            }
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 128) {
            throw WithdrawalException.invalid("invalid_request", "the acting user (X-Actor header) is required");
        }
    }
}
