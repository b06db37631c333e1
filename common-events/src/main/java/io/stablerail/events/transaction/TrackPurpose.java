package io.stablerail.events.transaction;

import java.util.Optional;

import io.stablerail.events.EventEnvelope;

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
    SELF_SEND;

    /**
     * The purpose a {@code transaction.*} event carries, read from its payload without binding the whole record — so a
     * consumer can pass over another service's outcomes before any work; empty when absent or not one this release
     * knows (a newer producer's purpose is not this consumer's business).
     */
    public static Optional<TrackPurpose> of(EventEnvelope event) {
        String name = event.payload().path("purpose").asString("");
        for (TrackPurpose purpose : values()) {
            if (purpose.name().equals(name)) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }
}
