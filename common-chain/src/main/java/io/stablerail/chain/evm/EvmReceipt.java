package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A transaction receipt: {@code succeeded} is the post-Byzantium status (1 = success); a receipt only says the
 * transaction is in the block {@code blockHash} — whether that block is final is the caller's finality rule.
 * {@code effectiveGasPrice} is null from nodes that predate the field (before London).
 */
public record EvmReceipt(String transactionHash, boolean succeeded, long blockNumber, String blockHash,
        BigInteger gasUsed, BigInteger effectiveGasPrice, List<EvmLog> logs) {

    public EvmReceipt {
        Objects.requireNonNull(transactionHash, "transactionHash");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(gasUsed, "gasUsed");
        logs = List.copyOf(logs);
    }
}
