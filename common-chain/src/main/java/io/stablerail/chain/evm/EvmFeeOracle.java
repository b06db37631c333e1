package io.stablerail.chain.evm;

import java.util.List;

/**
 * Prices a transaction on one chain from the node: when the latest block has a base fee, EIP-1559 fees from
 * {@code eth_feeHistory} over {@link EvmFeePolicy#historyBlocks()} blocks (see {@link EvmFees#eip1559}); otherwise
 * (no EIP-1559) the legacy {@code eth_gasPrice}. Either is refused above the chain's cap
 * ({@link FeeCapExceededException}); node failures are {@link io.stablerail.chain.failure.ChainException}s.
 */
public final class EvmFeeOracle {

    private final EvmClient client;
    private final EvmFeePolicy policy;

    public EvmFeeOracle(EvmClient client, EvmFeePolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    public FeeQuote quote() {
        if (client.block(BlockTag.LATEST).baseFeePerGas().isEmpty()) {
            return EvmFees.legacy(client.gasPrice(), policy);
        }
        return EvmFees.eip1559(client.feeHistory(policy.historyBlocks(), List.of(policy.priorityFeePercentile())),
                policy);
    }
}
