package io.stablerail.chain.evm;

import java.util.List;
import java.util.Objects;

import io.stablerail.chain.address.EvmAddress;

/** One event log, from {@code eth_getLogs} or a receipt. {@code removed} is true for a log undone by a reorg. */
public record EvmLog(EvmAddress address, List<String> topics, String data, String transactionHash, long blockNumber,
        String blockHash, long logIndex, boolean removed) {

    public EvmLog {
        Objects.requireNonNull(address, "address");
        topics = List.copyOf(topics);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(transactionHash, "transactionHash");
        Objects.requireNonNull(blockHash, "blockHash");
    }
}
