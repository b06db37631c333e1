package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.util.UUID;

/**
 * Port to the ledger's holds (an idempotent HTTP command: the same hold id and content always give the same hold).
 * When the ledger cannot answer, {@link FundsUnavailableException}: money does not move (DESIGN rule 7).
 */
public interface Funds {

    enum Reservation { RESERVED, INSUFFICIENT_FUNDS }

    Reservation reserve(UUID holdId, String merchantId, String currency, BigInteger amountMinor, String reference);

    /** Voids a pending hold; a hold that was never created or is already voided counts as released. */
    void release(UUID holdId);

    class FundsUnavailableException extends RuntimeException {
        public FundsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
