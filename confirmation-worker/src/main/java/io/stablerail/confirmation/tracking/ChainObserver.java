package io.stablerail.confirmation.tracking;

import io.stablerail.events.transaction.TrackRequest;

/**
 * The confirmation checklist of one chain (DESIGN rule 4), asked at the chain's own finality point. Implementations
 * call nodes; callers must not hold a database transaction while they do.
 */
public interface ChainObserver {

    String chain();

    /**
     * Refuses a request this chain cannot check (malformed hash or address, a token contract the registry does not
     * know for this chain) with an {@link IllegalArgumentException} naming the problem.
     */
    void validate(TrackRequest request);

    /** Looks at the chain once. Throws (e.g. a RETRY {@code ChainException}) when the nodes cannot answer. */
    Verdict check(TrackedTransaction transaction);
}
