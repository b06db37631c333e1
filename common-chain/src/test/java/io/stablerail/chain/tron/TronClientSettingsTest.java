package io.stablerail.chain.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.grpc.Status;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import org.junit.jupiter.api.Test;

class TronClientSettingsTest {

    @Test
    void refusesSettingsOutsideTheirBounds() {
        assertThatThrownBy(() -> new TronClientSettings(Duration.ZERO, 130, 1)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> new TronClientSettings(Duration.ofSeconds(1), 99, 1))
                .hasMessageContaining("energyMarginPercent");
        assertThatThrownBy(() -> new TronClientSettings(Duration.ofSeconds(1), 130, 15_000_000_001L))
                .hasMessageContaining("feeLimitCapSun");
    }

    @Test
    void feeLimitIsEstimateTimesMarginRoundedUpTimesPriceAndCapped() {
        try (TronClient client = new TronClient("127.0.0.1:1", "127.0.0.1:1",
                new TronClientSettings(Duration.ofSeconds(1), 130, 3_999_870L))) {
            // 14,650 × 1.3 = 19,045 energy × 210 sun
            assertThat(client.feeLimitSun(14_650, 210)).isEqualTo(3_999_450L);
            // 14,651 × 1.3 = 19,046.3 → 19,047 energy (rounded up, never down) × 210 = exactly the cap
            assertThat(client.feeLimitSun(14_651, 210)).isEqualTo(3_999_870L);
            // 14,652 × 1.3 = 19,047.6 → 19,048 × 210 = 4,000,080: over the cap
            assertThatThrownBy(() -> client.feeLimitSun(14_652, 210)).isInstanceOfSatisfying(ChainException.class,
                    e -> {
                        assertThat(e.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
                        assertThat(e.code()).isEqualTo("FEE_LIMIT_OVER_CAP");
                    });
        }
    }

    @Test
    void transientGrpcFailuresAreRetryAndMalformedRequestsAreNot() {
        assertThat(TronClient.grpcFailureClass(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(FailureClass.RETRY);
        assertThat(TronClient.grpcFailureClass(Status.Code.UNAVAILABLE)).isEqualTo(FailureClass.RETRY);
        assertThat(TronClient.grpcFailureClass(Status.Code.UNIMPLEMENTED)).isEqualTo(FailureClass.FAIL_FAST);
    }
}
