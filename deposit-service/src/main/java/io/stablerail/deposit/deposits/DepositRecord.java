package io.stablerail.deposit.deposits;

import java.time.Instant;

/** A deposit as read for the API: the deposit, its list position and the times of its transitions. */
public record DepositRecord(long seq, Deposit deposit, Instant detectedAt, Instant confirmedAt, Instant creditedAt,
                            Instant orphanedAt) {
}
