package io.stablerail.chain.failure;

/** What to do after a node refused or did not answer (DESIGN §3, "Errors are classified"). */
public enum FailureClass {
    /** Transient (timeout, busy node, rate limit): send the same signed transaction again, with backoff and jitter. */
    RETRY,
    /** This transaction can never land (expired, bad reference block, fee below the floor): a new attempt may be
     *  built, but only once every earlier attempt is provably dead (DESIGN rule 5). */
    REBUILD,
    /** Invalid input or a bad signature: stop and send to ops review; retrying cannot help. */
    FAIL_FAST,
    /** The node already has it (or its nonce is consumed): treat as broadcast and let confirmation decide. */
    ALREADY_KNOWN
}
