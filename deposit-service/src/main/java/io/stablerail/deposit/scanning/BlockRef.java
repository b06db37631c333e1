package io.stablerail.deposit.scanning;

import java.time.Instant;
import java.util.Objects;

/**
 * A block as the scanner needs it. Hashes in the chain's usual hex form (EVM {@code 0x…}, TRON bare hex); they are
 * compared lower-cased.
 *
 * @param timestamp the block's timestamp (for lag in seconds)
 */
public record BlockRef(long number, String hash, String parentHash, Instant timestamp) {

    public BlockRef {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(timestamp, "timestamp");
        if (number < 0) {
            throw new IllegalArgumentException("block number must not be negative");
        }
        hash = hash.toLowerCase(java.util.Locale.ROOT);
        parentHash = parentHash.toLowerCase(java.util.Locale.ROOT);
    }
}
