package io.stablerail.chain.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvmAddressTest {

    /** Test cases of EIP-55 itself (ethereum/EIPs, EIPS/eip-55.md, "Test Cases"). */
    @ParameterizedTest
    @ValueSource(strings = {
            "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
    void acceptsTheEip55TestCases(String address) {
        assertThat(EvmAddress.parse(address).checksummed().toLowerCase()).isEqualTo(address.toLowerCase());
    }

    @Test
    void mixedCaseMustMatchTheChecksumAndTheReasonSaysWhy() {
        assertThat(EvmAddress.parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").checksummed())
                .isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThatThrownBy(() -> EvmAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("EIP-55").hasMessageContaining("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThatThrownBy(() -> EvmAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"))
                .hasMessageContaining("40 hex digits");
        assertThatThrownBy(() -> EvmAddress.parse("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
                .hasMessageContaining("0x followed by");
        assertThatThrownBy(() -> EvmAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg"))
                .isInstanceOf(InvalidAddressException.class);
    }
}
