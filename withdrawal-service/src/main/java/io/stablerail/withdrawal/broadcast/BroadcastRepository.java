package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Withdrawal;

/** Storage of attempts and nonces, and the per-wallet sender lock. Writes join the caller's transaction. */
public interface BroadcastRepository {

    /**
     * Runs {@code work} while holding the (chain, wallet) sender lock, a PostgreSQL advisory lock, so that across all
     * instances one logical sender works per hot wallet.
     *
     * @return false when another sender holds it (work not run)
     */
    boolean runExclusively(String chain, String wallet, Runnable work);

    /** SIGNED attempts whose (re-)send time has come and whose withdrawal still waits for them (SIGNED). */
    List<Attempt> dueToSend(String chain, String wallet, Instant now, int limit);

    /** APPROVED or AWAITING_LIQUIDITY withdrawals of this wallet whose destination cool-down is over, oldest first. */
    List<Withdrawal> readyToSign(String chain, String wallet, Instant now, int limit);

    /** Token base units of this wallet's SIGNED and BROADCAST withdrawals (sent or about to be, not yet confirmed). */
    BigInteger inFlightBaseUnits(String chain, String wallet, String tokenContract);

    Optional<Long> nextNonce(String chain, String wallet);

    /** Starts the wallet's nonce counter at {@code nonce} unless it exists. */
    void initNonce(String chain, String wallet, long nonce);

    /** Advances the counter from {@code expected} to {@code expected + 1}; false if it was not at {@code expected}. */
    boolean advanceNonce(String chain, String wallet, long expected);

    /** Gives {@code nonce} back when it is the last one handed out and no attempt uses it; false otherwise. */
    boolean returnNonce(String chain, String wallet, long nonce);

    int nextAttemptNo(UUID withdrawalId);

    void insertAttempt(Attempt attempt);

    void setReuseNonce(UUID withdrawalId, Long nonce);

    boolean setAttemptStatus(UUID attemptId, Set<AttemptStatus> from, AttemptStatus to);

    void scheduleResend(UUID attemptId, int sendFailures, Instant nextSendAt, String lastError);

    List<Attempt> liveAttempts(UUID withdrawalId);

    List<Attempt> attempts(UUID withdrawalId);

    Optional<Attempt> findByTxid(String chain, String txid);

    /** Nonces of this wallet's live (SIGNED, BROADCAST) attempts at or above {@code from}. */
    List<Long> liveNonces(String chain, String wallet, long from);

    long countByStatus(String status);
}
