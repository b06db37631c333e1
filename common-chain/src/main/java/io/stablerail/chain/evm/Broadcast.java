package io.stablerail.chain.evm;

import java.util.Objects;

/**
 * The outcome of {@code eth_sendRawTransaction} that the caller treats as "broadcast": either the node accepted it
 * now, or it refused with an ALREADY_KNOWN message ("already known", "known transaction", "nonce too low", …), in
 * which case {@code alreadyKnown} is true and {@code transactionHash} is the hash computed from the signed bytes.
 * Neither means the transfer happened: confirmation at finality decides (DESIGN rule 4) — in particular "nonce too
 * low" also appears when a <em>different</em> transaction consumed the nonce.
 */
public record Broadcast(String transactionHash, boolean alreadyKnown, String nodeMessage) {

    public Broadcast {
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
