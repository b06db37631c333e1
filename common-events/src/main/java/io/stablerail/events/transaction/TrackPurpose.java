package io.stablerail.events.transaction;

/** Why a transaction is tracked; with the reference it identifies one tracked transaction. */
public enum TrackPurpose {
    /** A detected deposit; the reference is the deposit id. */
    DEPOSIT,
    /** A broadcast withdrawal attempt; the reference is the attempt id. */
    WITHDRAWAL,
    /**
     * A zero-value send from a hot wallet to itself that takes a nonce — an ops cancel or a nonce gap filler (EVM
     * only); the reference is the attempt id. No token moves: it is final when mined, succeeded, from and to the
     * wallet, with no value and the tracked nonce. The request has no token contract and amount {@code 0}.
     */
    SELF_SEND
}
