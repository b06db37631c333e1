package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

/** The replacement minimum: each fee × (100 + percent) / 100, rounded UP (a node refuses anything below). */
class ReplacementFeeTest {

    @Test
    void aRaiseIsRoundedUpNeverDown() {
        assertThat(EvmChainSender.raised(BigInteger.valueOf(100), 10)).isEqualTo(BigInteger.valueOf(110));
        assertThat(EvmChainSender.raised(BigInteger.valueOf(101), 10)).isEqualTo(BigInteger.valueOf(112)); // 111.1
        assertThat(EvmChainSender.raised(BigInteger.valueOf(109), 10)).isEqualTo(BigInteger.valueOf(120)); // 119.9
        assertThat(EvmChainSender.raised(BigInteger.ONE, 10)).isEqualTo(BigInteger.TWO); // 1.1
        assertThat(EvmChainSender.raised(BigInteger.ZERO, 10)).isZero();
        assertThat(EvmChainSender.raised(new BigInteger("2750000001"), 12)).isEqualTo(new BigInteger("3080000002"));
    }
}
