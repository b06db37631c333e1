package io.stablerail.confirmation.tracking;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Looks at a run's due transactions, one {@link Look} per row in the order given. A failed look of one row (the
     * nodes could not answer for it) is that row's {@link Look#failed() error}, never the run's. The default asks
     * {@link #check} per row; a chain that can answer many rows with one node call overrides it.
     */
    default List<Look> checkAll(List<TrackedTransaction> due) {
        List<Look> looks = new ArrayList<>(due.size());
        for (TrackedTransaction transaction : due) {
            try {
                looks.add(Look.of(transaction, check(transaction)));
            } catch (RuntimeException e) {
                looks.add(Look.failed(transaction, e));
            }
        }
        return looks;
    }
}
