package io.stablerail.gateway.idempotency;

import java.time.Duration;

/** Persistence port of idempotency records, scoped by merchant. Any failure to answer is a refusal (fail closed). */
public interface IdempotencyStore {

    /** What a request with a key may do. */
    sealed interface Begin permits Proceed, Replay, InFlight, Mismatch {
    }

    /** The key is this request's now (new, or taken over from an attempt whose lease ran out): run it. */
    record Proceed() implements Begin {
    }

    /** The same request finished before: answer with its response. */
    record Replay(StoredResponse response) implements Begin {
    }

    /** The same request is still running elsewhere. */
    record InFlight() implements Begin {
    }

    /** The key was used for a different request. */
    record Mismatch() implements Begin {
    }

    Begin begin(String merchantId, String key, String fingerprint, Duration lease);

    void complete(String merchantId, String key, StoredResponse response);

    /** Forgets the key (the request was refused before doing anything, e.g. validation): it may be used again. */
    void release(String merchantId, String key);

    int deleteOlderThan(Duration retention, int limit);
}
