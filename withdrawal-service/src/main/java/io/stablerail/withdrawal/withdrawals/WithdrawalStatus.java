package io.stablerail.withdrawal.withdrawals;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a withdrawal is (DESIGN §3). Terminal: REJECTED, CANCELLED, CONFIRMED, FAILED. STUCK: broadcast on EVM, not
 * mined, and a replacement would pass the chain's fee cap — its attempts are still tracked (one may be mined) and ops
 * may bump or cancel it.
 */
public enum WithdrawalStatus {
    REQUESTED, REJECTED, PENDING_APPROVAL, APPROVED, AWAITING_LIQUIDITY, CANCELLED, SIGNED, BROADCAST, STUCK,
    CONFIRMED, FAILED;

    /** Cancel is allowed until the transaction is signed; a REQUESTED one may still be reserving funds. */
    public static final Set<WithdrawalStatus> CANCELLABLE = EnumSet.of(PENDING_APPROVAL, APPROVED, AWAITING_LIQUIDITY);

    /** Waiting for the broadcaster. */
    public static final Set<WithdrawalStatus> READY_TO_SIGN = EnumSet.of(APPROVED, AWAITING_LIQUIDITY);

    /**
     * Statuses that count against the daily limit (everything that may still move money or has). The database's
     * {@code withdrawal_counts_against_limit} (migration V8), which keeps the daily totals, lists the same ones;
     * {@code DailyTotalIT} checks that they agree.
     */
    public static final Set<WithdrawalStatus> COUNTED = EnumSet.of(REQUESTED, PENDING_APPROVAL, APPROVED,
            AWAITING_LIQUIDITY, SIGNED, BROADCAST, STUCK, CONFIRMED);

    /** Sent and not final: a transaction of it may be mined (the outcome of any of its attempts decides). */
    public static final Set<WithdrawalStatus> IN_FLIGHT = EnumSet.of(SIGNED, BROADCAST, STUCK);
}
