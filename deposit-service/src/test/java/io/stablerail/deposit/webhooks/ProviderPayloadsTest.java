package io.stablerail.deposit.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.stablerail.deposit.deposits.ObservedTransfer;
import org.junit.jupiter.api.Test;

class ProviderPayloadsTest {

    final ProviderPayloads payloads = new ProviderPayloads(Map.of("BASE_MAINNET", "base"));

    @Test
    void alchemyTokenActivityUsesTheRawIntegerValueAndSkipsRemovedLogsAndOtherCategories() {
        String body = """
                {"id":"whevt_9","event":{"network":"BASE_MAINNET","activity":[
                 {"category":"token","fromAddress":"0xa","toAddress":"0xB","value":0.1,
                  "rawContract":{"rawValue":"0x0000000000000000000000000000000000000000000000000de0b6b3a7640001",
                                 "address":"0xc"},
                  "log":{"transactionHash":"0xT","logIndex":"0x1f","blockNumber":"0x10","blockHash":"0xH",
                         "removed":false}},
                 {"category":"token","toAddress":"0xB","rawContract":{"rawValue":"0x1","address":"0xc"},
                  "log":{"transactionHash":"0xR","logIndex":"0x0","blockNumber":"0x10","blockHash":"0xH",
                         "removed":true}},
                 {"category":"external","toAddress":"0xB","rawContract":{"rawValue":"0x1"}}]}}""";

        List<ObservedTransfer> transfers = payloads.transfers("alchemy", ProviderPayloads.parse(body));

        assertThat(payloads.eventId("alchemy", ProviderPayloads.parse(body))).isEqualTo("whevt_9");
        assertThat(transfers).containsExactly(new ObservedTransfer("base", "0xT", 31, 16, "0xH", "0xc", "0xa", "0xB",
                new BigInteger("1000000000000000001")));
    }

    @Test
    void refusesUnknownNetworksAndNonIntegerTronAmounts() {
        assertThatThrownBy(() -> payloads.transfers("alchemy", ProviderPayloads.parse(
                "{\"id\":\"x\",\"event\":{\"network\":\"ETH_MAINNET\",\"activity\":[]}}")))
                .isInstanceOf(ProviderPayloads.InvalidPayloadException.class);
        assertThatThrownBy(() -> payloads.transfers("tron", ProviderPayloads.parse(
                "{\"event_id\":\"x\",\"network\":\"ethereum\",\"transfers\":[]}")))
                .hasMessageContaining("not a TRON chain");
        assertThatThrownBy(() -> payloads.transfers("tron", ProviderPayloads.parse("""
                {"event_id":"x","network":"tron","transfers":[{"transaction_id":"ab","log_index":0,"block_number":1,
                 "block_hash":"cd","contract":"T","to":"T","amount":"1.5"}]}""")))
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> ProviderPayloads.parse("[1]")).isInstanceOf(
                ProviderPayloads.InvalidPayloadException.class);
        assertThatThrownBy(() -> ProviderPayloads.parse("{")).isInstanceOf(
                ProviderPayloads.InvalidPayloadException.class);
    }
}
