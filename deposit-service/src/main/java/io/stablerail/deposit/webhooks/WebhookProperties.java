package io.stablerail.deposit.webhooks;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stablerail.deposits.webhooks}: the signing key of each enabled provider (from the environment, e.g.
 * {@code STABLERAIL_DEPOSITS_WEBHOOKS_PROVIDERS_ALCHEMY_SIGNING_KEY}; never in application.yml, never logged), the
 * Alchemy network → chain mapping, and the replay job's limits. A provider without a key is disabled (404).
 */
@Validated
@ConfigurationProperties("stablerail.deposits.webhooks")
public record WebhookProperties(Map<String, Provider> providers, Map<String, String> alchemyNetworks,
                                Duration replayInterval, int replayBatchMax, int replayAttemptsMax, int bodyBytesMax) {

    /** One provider's settings. {@link #toString()} never shows the key. */
    public record Provider(String signingKey) {
        @Override
        public String toString() {
            return "Provider[signingKey=" + (signingKey == null || signingKey.isBlank() ? "<none>" : "<redacted>")
                    + "]";
        }
    }

    public WebhookProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        alchemyNetworks = alchemyNetworks == null || alchemyNetworks.isEmpty() ? Map.of(
                "ETH_MAINNET", "ethereum", "ETH_SEPOLIA", "ethereum-sepolia", "ARB_MAINNET", "arbitrum",
                "ARB_SEPOLIA", "arbitrum-sepolia", "OPT_MAINNET", "optimism", "OPT_SEPOLIA", "optimism-sepolia",
                "BASE_MAINNET", "base", "BASE_SEPOLIA", "base-sepolia", "MATIC_MAINNET", "polygon",
                "MATIC_AMOY", "polygon-amoy") : Map.copyOf(alchemyNetworks);
        replayInterval = replayInterval == null ? Duration.ofSeconds(30) : replayInterval;
        replayBatchMax = replayBatchMax == 0 ? 100 : replayBatchMax;
        replayAttemptsMax = replayAttemptsMax == 0 ? 50 : replayAttemptsMax;
        bodyBytesMax = bodyBytesMax == 0 ? 1_000_000 : bodyBytesMax;
        if (replayInterval.isNegative() || replayInterval.isZero() || replayBatchMax < 1 || replayAttemptsMax < 1
                || bodyBytesMax < 1) {
            throw new IllegalArgumentException("stablerail.deposits.webhooks limits must be positive");
        }
        providers.forEach((name, provider) -> {
            if (provider != null && provider.signingKey() != null && !provider.signingKey().isBlank()
                    && provider.signingKey().length() < 16) {
                throw new IllegalArgumentException("the signing key of webhook provider " + name
                        + " is shorter than 16 characters");
            }
        });
    }

    /** The provider's signing key bytes, if the provider is enabled. */
    public java.util.Optional<byte[]> signingKey(String provider) {
        Provider settings = providers.get(provider);
        if (settings == null || settings.signingKey() == null || settings.signingKey().isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(settings.signingKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
