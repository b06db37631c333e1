package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.List;

/**
 * The answer of {@code eth_feeHistory}: for {@code n} blocks from {@code oldestBlock}, {@code n + 1} base fees (the
 * last one is the next block's), {@code n} gas-used ratios and {@code n} reward lists (one value per requested
 * percentile).
 */
public record FeeHistory(long oldestBlock, List<BigInteger> baseFeePerGas, List<Double> gasUsedRatio,
        List<List<BigInteger>> reward) {

    public FeeHistory {
        baseFeePerGas = List.copyOf(baseFeePerGas);
        gasUsedRatio = List.copyOf(gasUsedRatio);
        reward = reward.stream().map(List::copyOf).toList();
        if (baseFeePerGas.isEmpty()) {
            throw new IllegalArgumentException("fee history without base fees");
        }
        int blocks = baseFeePerGas.size() - 1;
        if (gasUsedRatio.size() != blocks || reward.size() != blocks) {
            throw new IllegalArgumentException("fee history of " + blocks + " blocks has " + gasUsedRatio.size()
                    + " gas-used ratios and " + reward.size() + " reward lists");
        }
    }

    public int blocks() {
        return gasUsedRatio.size();
    }

    /** The base fee of the block after the newest one in the history. */
    public BigInteger nextBaseFee() {
        return baseFeePerGas.getLast();
    }
}
