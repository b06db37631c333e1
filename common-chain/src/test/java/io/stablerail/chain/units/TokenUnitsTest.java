package io.stablerail.chain.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class TokenUnitsTest {

    @Test
    void sameDecimalsIsTheIdentity() {
        assertThat(TokenUnits.toMinorUnits(new BigInteger("12500000"), 6, 6)).isEqualTo(new BigInteger("12500000"));
    }

    @Test
    void moreTokenDecimalsConvertExactlyOrRefuse() {
        // an 18-decimal stablecoin (e.g. on some chains) into 6-decimal minor units
        assertThat(TokenUnits.toMinorUnits(new BigInteger("12500000000000000000"), 18, 6))
                .isEqualTo(new BigInteger("12500000"));
        assertThatThrownBy(() -> TokenUnits.toMinorUnits(new BigInteger("12500000000000000001"), 18, 6))
                .isInstanceOf(TokenUnits.PrecisionLossException.class).hasMessageContaining("without losing 1");
        assertThat(TokenUnits.toBaseUnits(new BigInteger("12500000"), 6, 18))
                .isEqualTo(new BigInteger("12500000000000000000"));
    }

    @Test
    void roundTripsAreExactAndNegativeOrAbsurdInputsAreRefused() {
        BigInteger minor = new BigInteger("987654321012345");
        assertThat(TokenUnits.toMinorUnits(TokenUnits.toBaseUnits(minor, 6, 18), 18, 6)).isEqualTo(minor);
        assertThatThrownBy(() -> TokenUnits.toMinorUnits(BigInteger.valueOf(-1), 6, 6)).hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenUnits.toMinorUnits(BigInteger.ONE, 6, 99)).hasMessageContaining("decimals");
    }
}
