package io.stablerail.chain.tron;

import java.time.Duration;

/**
 * Limits of one {@link TronClient}.
 *
 * @param callTimeout         gRPC deadline of every call; a missed deadline is RETRY
 * @param energyMarginPercent {@code fee_limit} = estimated energy × this / 100 × energy price (e.g. 130 = +30%), so a
 *                            transfer that costs a little more than estimated (a recipient's slot emptied meanwhile)
 *                            does not run out of energy
 * @param feeLimitCapSun      the most a single transfer may burn; a larger {@code fee_limit} is refused (FAIL_FAST)
 */
public record TronClientSettings(Duration callTimeout, int energyMarginPercent, long feeLimitCapSun) {

    /** java-tron's own maximum {@code fee_limit} (15,000 TRX). */
    public static final long NETWORK_FEE_LIMIT_MAX_SUN = 15_000_000_000L;

    public TronClientSettings {
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()
                || callTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("callTimeout must be between 1 ms and 2 minutes, got " + callTimeout);
        }
        if (energyMarginPercent < 100 || energyMarginPercent > 500) {
            throw new IllegalArgumentException("energyMarginPercent must be between 100 and 500, got "
                    + energyMarginPercent);
        }
        if (feeLimitCapSun <= 0 || feeLimitCapSun > NETWORK_FEE_LIMIT_MAX_SUN) {
            throw new IllegalArgumentException("feeLimitCapSun must be between 1 and " + NETWORK_FEE_LIMIT_MAX_SUN
                    + ", got " + feeLimitCapSun);
        }
    }
}
