package io.stablerail.deposit.deposits;

/** Life cycle of a deposit (DESIGN §3). */
public enum DepositStatus {
    /** Seen in a block that is not final yet. */
    DETECTED,
    /** Seen, but below the token's configured minimum: recorded, never credited. */
    BELOW_MINIMUM,
    /** Passed the confirmation checklist at finality; {@code deposit.confirmed} was published. */
    CONFIRMED,
    /** The ledger posted the credit (its {@code entry.posted} for this deposit arrived). */
    CREDITED,
    /** Its block was replaced by a reorg before confirmation; DETECTED again if re-included. */
    ORPHANED
}
