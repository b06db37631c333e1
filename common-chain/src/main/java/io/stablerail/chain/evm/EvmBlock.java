package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A block header as the scanner and the confirmation checklist need it. {@code baseFeePerGas} is empty on chains
 * (or blocks) without EIP-1559.
 */
public record EvmBlock(long number, String hash, String parentHash, Instant timestamp,
        Optional<BigInteger> baseFeePerGas) {

    public EvmBlock {
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, got " + number);
        }
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
    }
}
