package io.stablerail.deposit.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    @Test
    void defaultsAreBoundedAndKeysAreRedacted() {
        WebhookProperties properties = new WebhookProperties(
                Map.of("alchemy", new WebhookProperties.Provider("a-long-enough-signing-key")), null, null, 0, 0, 0);

        assertThat(properties.replayBatchMax()).isEqualTo(100);
        assertThat(properties.alchemyNetworks()).containsEntry("ETH_MAINNET", "ethereum");
        assertThat(properties.signingKey("alchemy")).isPresent();
        assertThat(properties.signingKey("tron")).isEmpty();
        assertThat(properties.toString()).doesNotContain("a-long-enough-signing-key");
    }

    @Test
    void refusesWeakKeysAndNonPositiveLimitsWithoutNamingTheKey() {
        assertThatThrownBy(() -> new WebhookProperties(Map.of("tron", new WebhookProperties.Provider("short-key")),
                null, null, 0, 0, 0)).hasMessageContaining("shorter than 16").hasMessageNotContaining("short-key");
        assertThatThrownBy(() -> new WebhookProperties(null, null, Duration.ofSeconds(-1), 0, 0, 0))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new WebhookProperties(null, null, null, -5, 0, 0))
                .hasMessageContaining("positive");
    }
}
