package io.stablerail.events.transaction;

/** Why a transaction is tracked; with the reference it identifies one tracked transaction. */
public enum TrackPurpose {
    /** A detected deposit; the reference is the deposit id. */
    DEPOSIT,
    /** A broadcast withdrawal attempt; the reference is the attempt id. */
    WITHDRAWAL
}
