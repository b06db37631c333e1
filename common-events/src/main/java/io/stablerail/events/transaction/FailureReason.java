package io.stablerail.events.transaction;

/** Why a mined transaction did not deliver the expected transfer. */
public enum FailureReason {
    /** Executed and reverted (EVM status 0; TRON REVERT), e.g. a blacklisted sender or recipient. */
    REVERTED,
    /** TRON: the call ran out of energy; the fee limit's worth was burned. */
    OUT_OF_ENERGY,
    /** Succeeded on chain, but no Transfer log matches the expected contract, from, to, amount (and log index). */
    MISMATCH,
    /** Any other on-chain failure result; see the detail. */
    OTHER
}
