package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.Objects;

/** A price per gas for one transaction, within the chain's cap: EIP-1559 fees, or a legacy gas price. */
public sealed interface FeeQuote {

    /** The most this transaction may pay per gas (maxFeePerGas, or the legacy gasPrice). */
    BigInteger maxWeiPerGas();

    /**
     * EIP-1559 fees.
     *
     * @param nextBaseFee the base fee of the next block, from {@code eth_feeHistory}
     * @param trend       where the base fee went over the sampled blocks
     */
    record Eip1559(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, BigInteger nextBaseFee,
            BaseFeeTrend trend) implements FeeQuote {

        public Eip1559 {
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
            Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
            Objects.requireNonNull(nextBaseFee, "nextBaseFee");
            Objects.requireNonNull(trend, "trend");
            if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
                throw new IllegalArgumentException("maxPriorityFeePerGas " + maxPriorityFeePerGas
                        + " is above maxFeePerGas " + maxFeePerGas);
            }
        }

        @Override
        public BigInteger maxWeiPerGas() {
            return maxFeePerGas;
        }
    }

    /** A legacy (pre-EIP-1559) gas price. */
    record Legacy(BigInteger gasPrice) implements FeeQuote {

        public Legacy {
            if (gasPrice == null || gasPrice.signum() <= 0) {
                throw new IllegalArgumentException("gasPrice must be > 0, got " + gasPrice);
            }
        }

        @Override
        public BigInteger maxWeiPerGas() {
            return gasPrice;
        }
    }

    /**
     * The base fee's direction over the sampled blocks: next base fee against the oldest sampled one, RISING above
     * +10%, FALLING below −10%, STEADY between (for dashboards and for a broadcaster that prefers to wait).
     */
    enum BaseFeeTrend {
        RISING, STEADY, FALLING
    }
}
