package io.stablerail.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;

import io.stablerail.chain.failure.FailureClass;
import org.junit.jupiter.api.Test;

class EvmFeesTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static EvmFeePolicy policy(long priorityFloorGwei, long capGwei) {
        return new EvmFeePolicy(4, 50.0, 2, gwei(priorityFloorGwei), gwei(capGwei));
    }

    private static BigInteger gwei(long amount) {
        return GWEI.multiply(BigInteger.valueOf(amount));
    }

    private static FeeHistory history(List<Long> baseFeesGwei, List<Double> gasUsed, List<Long> rewardsGwei) {
        return new FeeHistory(100, baseFeesGwei.stream().map(EvmFeesTest::gwei).toList(), gasUsed,
                rewardsGwei.stream().map(reward -> List.of(gwei(reward))).toList());
    }

    @Test
    void maxFeeIsTwiceTheNextBaseFeePlusTheMedianPriorityFee() {
        FeeHistory history = history(List.of(10L, 11L, 12L, 13L, 14L), List.of(0.5, 0.6, 0.7, 0.9),
                List.of(1L, 3L, 2L, 5L));

        FeeQuote.Eip1559 quote = EvmFees.eip1559(history, policy(0, 1000));

        // rewards sorted 1,2,3,5 → lower median 2; next base fee 14 → 2 × 14 + 2 = 30 gwei
        assertThat(quote.maxPriorityFeePerGas()).isEqualTo(gwei(2));
        assertThat(quote.nextBaseFee()).isEqualTo(gwei(14));
        assertThat(quote.maxFeePerGas()).isEqualTo(gwei(30));
        assertThat(quote.trend()).isEqualTo(FeeQuote.BaseFeeTrend.RISING);
    }

    @Test
    void emptyBlocksDoNotVoteAndTheFloorApplies() {
        // the empty blocks report 0 rewards; the only full block paid 1 gwei; the floor is 2 gwei
        FeeHistory history = history(List.of(10L, 10L, 10L), List.of(0.0, 0.8), List.of(0L, 1L));

        FeeQuote.Eip1559 quote = EvmFees.eip1559(history, policy(2, 1000));

        assertThat(quote.maxPriorityFeePerGas()).isEqualTo(gwei(2));
        assertThat(quote.maxFeePerGas()).isEqualTo(gwei(22));
        assertThat(quote.trend()).isEqualTo(FeeQuote.BaseFeeTrend.STEADY);
    }

    @Test
    void allBlocksEmptyMeansTheFloor() {
        FeeHistory history = history(List.of(20L, 15L, 10L), List.of(0.0, 0.0), List.of(0L, 0L));

        FeeQuote.Eip1559 quote = EvmFees.eip1559(history, policy(1, 1000));

        assertThat(quote.maxPriorityFeePerGas()).isEqualTo(gwei(1));
        assertThat(quote.maxFeePerGas()).isEqualTo(gwei(21));
        assertThat(quote.trend()).isEqualTo(FeeQuote.BaseFeeTrend.FALLING);
    }

    @Test
    void aFeeAboveTheCapIsRefusedNotLowered() {
        FeeHistory history = history(List.of(10L, 50L), List.of(1.0), List.of(3L));

        // 2 × 50 + 3 = 103 gwei > 100 gwei cap
        assertThatThrownBy(() -> EvmFees.eip1559(history, policy(0, 100)))
                .isInstanceOfSatisfying(FeeCapExceededException.class, refused -> {
                    assertThat(refused.failureClass()).isEqualTo(FailureClass.RETRY);
                    assertThat(refused.code()).isEqualTo("fee_cap_exceeded");
                    assertThat(refused.requiredWei()).isEqualTo(gwei(103));
                    assertThat(refused.feeCapWei()).isEqualTo(gwei(100));
                });
        // exactly at the cap is fine
        assertThat(EvmFees.eip1559(history, policy(0, 103)).maxFeePerGas()).isEqualTo(gwei(103));
    }

    @Test
    void legacyGasPriceIsCappedToo() {
        assertThat(EvmFees.legacy(gwei(30), policy(0, 30)).gasPrice()).isEqualTo(gwei(30));
        assertThatThrownBy(() -> EvmFees.legacy(gwei(31), policy(0, 30)))
                .isInstanceOf(FeeCapExceededException.class).hasMessageContaining("gasPrice");
    }

    @Test
    void trendThresholdsAreTenPercent() {
        assertThat(EvmFees.trend(BigInteger.valueOf(100), BigInteger.valueOf(110))).isEqualTo(FeeQuote.BaseFeeTrend.STEADY);
        assertThat(EvmFees.trend(BigInteger.valueOf(100), BigInteger.valueOf(111))).isEqualTo(FeeQuote.BaseFeeTrend.RISING);
        assertThat(EvmFees.trend(BigInteger.valueOf(100), BigInteger.valueOf(90))).isEqualTo(FeeQuote.BaseFeeTrend.STEADY);
        assertThat(EvmFees.trend(BigInteger.valueOf(100), BigInteger.valueOf(89))).isEqualTo(FeeQuote.BaseFeeTrend.FALLING);
    }

    @Test
    void malformedHistoriesAndPoliciesAreRefused() {
        assertThatThrownBy(() -> new FeeHistory(1, List.of(GWEI), List.of(0.5), List.of(List.of(GWEI))))
                .hasMessageContaining("fee history of 0 blocks");
        assertThatThrownBy(() -> new EvmFeePolicy(0, 50, 2, GWEI, GWEI)).hasMessageContaining("historyBlocks");
        assertThatThrownBy(() -> new EvmFeePolicy(4, 101, 2, GWEI, GWEI)).hasMessageContaining("priorityFeePercentile");
        assertThatThrownBy(() -> new EvmFeePolicy(4, Double.NaN, 2, GWEI, GWEI)).hasMessageContaining("priorityFeePercentile");
        assertThatThrownBy(() -> new EvmFeePolicy(4, 50, 0, GWEI, GWEI)).hasMessageContaining("baseFeeMultiplier");
        assertThatThrownBy(() -> new EvmFeePolicy(4, 50, 2, gwei(2), GWEI)).hasMessageContaining("feeCapWei");
    }
}
