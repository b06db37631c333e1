package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How {@link EvmFeeOracle} prices a transaction on one chain.
 *
 * @param historyBlocks          how many recent blocks {@code eth_feeHistory} looks at (1..1024)
 * @param priorityFeePercentile  the percentile of each block's effective priority fees to take (0..100)
 * @param baseFeeMultiplier      maxFeePerGas = baseFeeMultiplier × next base fee + priority fee. 2 (the default in
 *                               common wallets) keeps the transaction includable through six consecutive full blocks,
 *                               each raising the base fee by at most 12.5% (1.125^6 ≈ 2.03); unused headroom is
 *                               not spent, EIP-1559 charges the actual base fee
 * @param priorityFeeMinWei      the floor for the priority fee (and the value used when recent blocks were empty)
 * @param feeCapWei              the most this chain may ever be asked per gas: a maxFeePerGas (or legacy gasPrice)
 *                               above it is refused with {@link FeeCapExceededException}, never lowered silently
 */
public record EvmFeePolicy(int historyBlocks, double priorityFeePercentile, int baseFeeMultiplier,
        BigInteger priorityFeeMinWei, BigInteger feeCapWei) {

    public EvmFeePolicy {
        if (historyBlocks < 1 || historyBlocks > 1024) {
            throw new IllegalArgumentException("historyBlocks must be 1..1024, got " + historyBlocks);
        }
        if (!(priorityFeePercentile >= 0 && priorityFeePercentile <= 100)) {
            throw new IllegalArgumentException("priorityFeePercentile must be 0..100, got " + priorityFeePercentile);
        }
        if (baseFeeMultiplier < 1 || baseFeeMultiplier > 10) {
            throw new IllegalArgumentException("baseFeeMultiplier must be 1..10, got " + baseFeeMultiplier);
        }
        Objects.requireNonNull(priorityFeeMinWei, "priorityFeeMinWei");
        Objects.requireNonNull(feeCapWei, "feeCapWei");
        if (priorityFeeMinWei.signum() < 0) {
            throw new IllegalArgumentException("priorityFeeMinWei must be >= 0, got " + priorityFeeMinWei);
        }
        if (feeCapWei.signum() <= 0 || feeCapWei.compareTo(priorityFeeMinWei) < 0) {
            throw new IllegalArgumentException("feeCapWei must be > 0 and >= priorityFeeMinWei, got " + feeCapWei);
        }
    }
}
