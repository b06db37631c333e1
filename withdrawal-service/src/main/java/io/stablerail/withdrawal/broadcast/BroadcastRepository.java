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

    /**
     * SIGNED attempts whose (re-)send time has come and whose withdrawal still waits for them (SIGNED, or BROADCAST /
     * STUCK for a replacement).
     */
    List<Attempt> dueToSend(String chain, String wallet, Instant now, int limit);

    /** APPROVED or AWAITING_LIQUIDITY withdrawals of this wallet whose destination cool-down is over, oldest first. */
    List<Withdrawal> readyToSign(String chain, String wallet, Instant now, int limit);

    /** Token base units of this wallet's SIGNED, BROADCAST and STUCK withdrawals (sent or about to be, not final). */
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

    /** Attempts of the withdrawal that may still be mined: SIGNED, BROADCAST and REPLACED. */
    List<Attempt> possiblyMined(UUID withdrawalId);

    /** Once {@code minedAttemptId} is mined: every other attempt that may have been mined is DEAD (nonce consumed). */
    int markOthersDead(UUID withdrawalId, UUID minedAttemptId);

    /** confirmation-worker reported this BROADCAST EVM attempt stuck; false if not BROADCAST or already wanted. */
    boolean markReplaceWanted(UUID attemptId, Instant at);

    void clearReplaceWanted(UUID attemptId);

    /** BROADCAST attempts of BROADCAST withdrawals reported stuck, oldest report first. */
    List<Attempt> replaceWanted(String chain, String wallet, int limit);

    Optional<Attempt> findByTxid(String chain, String txid);

    /**
     * confirmation-worker reported this attempt dropped: the sender checks proof of death from {@code at}. Only the
     * first report of an attempt that may still be mined (SIGNED, BROADCAST, REPLACED) counts; false otherwise.
     */
    boolean markDropReported(UUID attemptId, Instant at);

    /**
     * Attempts reported dropped whose check is due, still possibly mined, of withdrawals in flight (SIGNED,
     * BROADCAST, STUCK), oldest check first.
     */
    List<Attempt> deathCheckDue(String chain, String wallet, Instant now, int limit);

    /** The check could not prove every attempt dead: count it and look again at {@code next}. */
    void deathCheckAgain(UUID attemptId, int deathChecks, Instant next);

    /** Nonce gap fillers (NONCE_FILL) of this wallet still SIGNED whose (re-)send time has come. */
    List<Attempt> fillersDueToSend(String chain, String wallet, Instant now, int limit);

    /** Nonce gap fillers of this wallet reported dropped whose check is due and that may still be mined. */
    List<Attempt> fillerDeathCheckDue(String chain, String wallet, Instant now, int limit);

    /** The withdrawal waiting to reuse this nonce for its next attempt (APPROVED/AWAITING_LIQUIDITY), if any. */
    Optional<UUID> withdrawalReusing(String chain, String wallet, long nonce);

    /** Records the fee a mined attempt paid (base units of the native currency). */
    void recordFeePaid(UUID attemptId, BigInteger fee);

    /** Checks made so far for this reported attempt. */
    int deathChecks(UUID attemptId);

    /** Nonces of this wallet's live (SIGNED, BROADCAST) attempts at or above {@code from}. */
    List<Long> liveNonces(String chain, String wallet, long from);

    long countByStatus(String status);
}
