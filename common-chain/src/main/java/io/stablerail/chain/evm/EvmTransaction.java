package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.stablerail.chain.address.EvmAddress;

/**
 * A transaction as the node reports it. {@code blockNumber}/{@code blockHash} are empty while it is pending;
 * {@code to} is empty for a contract creation.
 */
public record EvmTransaction(String hash, EvmAddress from, Optional<EvmAddress> to, BigInteger nonce,
        BigInteger value, String input, OptionalLong blockNumber, Optional<String> blockHash) {

    public EvmTransaction {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(blockNumber, "blockNumber");
        Objects.requireNonNull(blockHash, "blockHash");
    }

    public boolean pending() {
        return blockNumber.isEmpty();
    }
}
