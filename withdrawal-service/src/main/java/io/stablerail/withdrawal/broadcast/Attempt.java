package io.stablerail.withdrawal.broadcast;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A signed transaction of a withdrawal, stored before its first broadcast (DESIGN rule 5). {@code replaces} is the
 * attempt whose nonce it took with higher fees (EVM replacement), else null.
 */
public record Attempt(UUID id, UUID withdrawalId, int attemptNo, String chain, String wallet, Long nonce,
                      String referenceBlock, Instant expiresAt, String rawTransaction, String txid,
                      BigInteger feeLimit, AttemptStatus status, int sendFailures, AttemptKind kind, UUID replaces) {

    public ChainSender.AttemptView view() {
        return new ChainSender.AttemptView(id, txid, wallet, nonce, referenceBlock, expiresAt, rawTransaction);
    }
}
