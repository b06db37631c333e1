package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Storage of withdrawals, approvals and the address book. Writes join the caller's transaction. */
public interface WithdrawalRepository {

    /** Serializes intake of one merchant until the transaction ends (limits, idempotency). */
    void lockMerchant(String merchantId);

    /** @return false when {@code (merchant_id, idempotency_key)} already exists (nothing written) */
    boolean insert(Withdrawal withdrawal);

    Optional<Withdrawal> find(UUID id);

    /**
     * The hash of the transaction that stands for the withdrawal on chain: the attempt that was mined (confirmed,
     * failed on chain, or an ops cancel), else the latest attempt not known dead; empty before anything is signed.
     */
    Optional<String> onChainTxid(UUID withdrawalId);

    /** {@link #onChainTxid} of several withdrawals in one read; those without a transaction are absent. */
    Map<UUID, String> onChainTxids(List<UUID> withdrawalIds);

    /** Up to {@code limit} of the merchant's withdrawals created after {@code after} (null: from the first), oldest first. */
    List<Withdrawal> listForMerchant(String merchantId, ListPosition after, int limit);

    /** Up to {@code limit} withdrawals in {@code status} created after {@code after} (null: from the first), oldest first. */
    List<Withdrawal> listByStatus(WithdrawalStatus status, ListPosition after, int limit);

    /** Where a list continues: after the withdrawal created at {@code createdAt} with {@code id}. */
    record ListPosition(Instant createdAt, UUID id) {
    }

    Optional<Withdrawal> findForUpdate(UUID id);

    Optional<Withdrawal> findByKey(String merchantId, String idempotencyKey);

    /**
     * Sum of the merchant's {@link WithdrawalStatus#COUNTED} withdrawals of {@code asset} created on {@code day} (UTC):
     * one row kept by the database with every insert and status change (migration V8), not a sum over the day.
     */
    BigInteger totalOn(String merchantId, String asset, LocalDate day);

    /**
     * Moves the withdrawal to {@code to} if it is in one of {@code from}; sets the failure code and detail when given,
     * and flags the hold for release when {@code releaseHold}.
     *
     * @return whether the row changed
     */
    boolean transition(UUID id, Set<WithdrawalStatus> from, WithdrawalStatus to, String failureCode,
                       String failureDetail, boolean releaseHold);

    /** Adds the destination to the merchant's address book if absent; returns when it is (or became) usable. */
    Instant addressUsableFrom(String merchantId, String chain, String address, Instant now, Instant usableFrom);

    /** @return false when this approver already approved */
    boolean addApproval(UUID withdrawalId, String approver);

    int approvals(UUID withdrawalId);

    /** The approvers of a withdrawal, in the order they approved. */
    List<String> approvers(UUID withdrawalId);

    List<Withdrawal> releasePending(int limit);

    void releaseDone(UUID id);

    List<Withdrawal> requestedBefore(Instant before, int limit);
}
