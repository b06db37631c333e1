package io.stablerail.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.stablerail.chain.address.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input is refused before anything is sent (the endpoint below does not exist and is never called). */
class EvmClientInputTest {

    private static final EvmAddress TOKEN = EvmAddress.parse("0xdAC17F958D2ee523a2206206994597C13D831ec7");
    private final EvmClient client = new EvmClient(new EvmClientSettings(
            URI.create("https://mainnet.example.invalid/v3/secret-api-key"), Duration.ofSeconds(1), 100));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void settingsAreBoundedAndNeverShowTheUrlPath() {
        assertThat(client.settings().toString()).doesNotContain("secret-api-key")
                .contains("https://mainnet.example.invalid");
        assertThat(client.toString()).doesNotContain("secret-api-key");
        URI url = URI.create("http://127.0.0.1:8545");
        assertThatThrownBy(() -> new EvmClientSettings(URI.create("ws://127.0.0.1:8546"), Duration.ofSeconds(1), 1))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new EvmClientSettings(url, Duration.ZERO, 1)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> new EvmClientSettings(url, Duration.ofMinutes(6), 1))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> new EvmClientSettings(url, Duration.ofSeconds(1), 0))
                .hasMessageContaining("logsBlockRangeMax");
        assertThatThrownBy(() -> new EvmClientSettings(url, Duration.ofSeconds(1), 100_001))
                .hasMessageContaining("logsBlockRangeMax");
    }

    @Test
    void logRangesAreCheckedBeforeAsking() {
        assertThatThrownBy(() -> client.logs(-1, 5, List.of(TOKEN), List.of())).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> client.logs(10, 9, List.of(TOKEN), List.of())).hasMessageContaining("before");
        assertThatThrownBy(() -> client.logs(0, 100, List.of(TOKEN), List.of()))
                .hasMessageContaining("wider than 100 blocks");
        assertThatThrownBy(() -> client.logs(0, 99, List.of(), List.of()))
                .hasMessageContaining("addresses must not be empty");
    }

    @Test
    void hashesAmountsAndPayloadsAreChecked() {
        assertThatThrownBy(() -> client.receipt("0x1234")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> client.transaction(null)).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> client.sendRawTransaction(new byte[0])).hasMessageContaining("no signed transaction");
        assertThatThrownBy(() -> client.block(-1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> client.feeHistory(0, List.of(50.0))).hasMessageContaining("blockCount");
        assertThatThrownBy(() -> EvmClient.erc20TransferData(TOKEN, BigInteger.ZERO)).hasMessageContaining("> 0");
    }

    @Test
    void transferDataIsTheErc20Encoding() {
        // transfer(address,uint256) selector a9059cbb, the address and the amount as 32-byte words
        assertThat(EvmClient.erc20TransferData(TOKEN, BigInteger.valueOf(1_000_000))).isEqualTo("0xa9059cbb"
                + "000000000000000000000000dac17f958d2ee523a2206206994597c13d831ec7"
                + "00000000000000000000000000000000000000000000000000000000000f4240");
    }
}
