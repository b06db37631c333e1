package io.stablerail.deposit.deposits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainHashesTest {

    @Test
    void evmHashesAreLowerCaseWithPrefixTronHashesBare() {
        assertThat(ChainHashes.normalize("ethereum", "0xABcd")).isEqualTo("0xabcd");
        assertThat(ChainHashes.normalize("base", "ABCD")).isEqualTo("0xabcd");
        assertThat(ChainHashes.normalize("tron", "0xC0FFEE")).isEqualTo("c0ffee");
        assertThat(ChainHashes.normalize("tron", " c0ffee ")).isEqualTo("c0ffee");
    }
}
