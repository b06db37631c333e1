package io.stablerail.chain.tron;

/**
 * An account's TRX balance and resources (full node). Bandwidth and energy beyond the limits are paid by burning
 * TRX, which is why a hot wallet's balance must cover {@code fee_limit} plus bandwidth.
 */
public record TronAccountResources(long balanceSun, long freeNetLimit, long freeNetUsed, long netLimit, long netUsed,
        long energyLimit, long energyUsed) {
}
