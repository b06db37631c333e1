package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fee arithmetic of {@link EvmFeeOracle}, without I/O (unit-tested on its own). */
public final class EvmFees {

    private EvmFees() {
    }

    /**
     * EIP-1559 fees from a fee history whose reward lists hold one value, at the policy's percentile:
     * priority = max(floor, median of that percentile over the non-empty sampled blocks), or the floor if all were
     * empty; maxFee = multiplier × next base fee + priority. Refused above the cap.
     */
    public static FeeQuote.Eip1559 eip1559(FeeHistory history, EvmFeePolicy policy) {
        List<BigInteger> rewards = new ArrayList<>();
        for (int block = 0; block < history.blocks(); block++) {
            List<BigInteger> reward = history.reward().get(block);
            if (reward.size() != 1) {
                throw new IllegalArgumentException("expected one reward percentile per block, got " + reward.size());
            }
            if (history.gasUsedRatio().get(block) > 0) {
                rewards.add(reward.getFirst());
            }
        }
        BigInteger priority = policy.priorityFeeMinWei().max(median(rewards).orElse(BigInteger.ZERO));
        BigInteger nextBaseFee = history.nextBaseFee();
        BigInteger maxFee = nextBaseFee.multiply(BigInteger.valueOf(policy.baseFeeMultiplier())).add(priority);
        if (maxFee.compareTo(policy.feeCapWei()) > 0) {
            throw new FeeCapExceededException("maxFeePerGas (" + policy.baseFeeMultiplier() + " × next base fee "
                    + nextBaseFee + " + priority " + priority + ")", maxFee, policy.feeCapWei());
        }
        return new FeeQuote.Eip1559(maxFee, priority, nextBaseFee, trend(history.baseFeePerGas().getFirst(),
                nextBaseFee));
    }

    /** The node's legacy gas price, refused above the cap. */
    public static FeeQuote.Legacy legacy(BigInteger gasPrice, EvmFeePolicy policy) {
        if (gasPrice.compareTo(policy.feeCapWei()) > 0) {
            throw new FeeCapExceededException("gasPrice", gasPrice, policy.feeCapWei());
        }
        return new FeeQuote.Legacy(gasPrice);
    }

    static FeeQuote.BaseFeeTrend trend(BigInteger oldest, BigInteger next) {
        // compare next/oldest with 1.1 and 0.9 in integers: next*10 vs oldest*11 and oldest*9
        BigInteger nextTimesTen = next.multiply(BigInteger.TEN);
        if (nextTimesTen.compareTo(oldest.multiply(BigInteger.valueOf(11))) > 0) {
            return FeeQuote.BaseFeeTrend.RISING;
        }
        if (nextTimesTen.compareTo(oldest.multiply(BigInteger.valueOf(9))) < 0) {
            return FeeQuote.BaseFeeTrend.FALLING;
        }
        return FeeQuote.BaseFeeTrend.STEADY;
    }

    /** The median (the lower middle value for an even count). */
    static Optional<BigInteger> median(List<BigInteger> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<BigInteger> sorted = values.stream().sorted().toList();
        return Optional.of(sorted.get((sorted.size() - 1) / 2));
    }
}
