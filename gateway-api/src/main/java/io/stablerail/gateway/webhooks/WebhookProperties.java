package io.stablerail.gateway.webhooks;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhooks ({@code stablerail.gateway.webhooks.*}). Nothing secret in files: the key that encrypts signing secrets
 * comes from the environment.
 *
 * @param secretKey       base64 of 32 bytes (AES-256) encrypting signing secrets at rest; empty: webhooks disabled
 * @param allowLocalHttp  local stack only: plain http to localhost/127.0.0.1 targets; production: https, public only
 * @param dispatchInterval pause between dispatcher runs
 * @param batchMax        deliveries sent per run at most
 * @param requestTimeout  how long a receiver may take to answer
 * @param lease           how long a claimed delivery is kept from other dispatchers
 */
@Validated
@ConfigurationProperties("stablerail.gateway.webhooks")
public record WebhookProperties(@DefaultValue("") String secretKey,
                                @DefaultValue("false") boolean allowLocalHttp,
                                @NotNull @DefaultValue("1s") Duration dispatchInterval,
                                @Min(1) @Max(1_000) @DefaultValue("50") int batchMax,
                                @NotNull @DefaultValue("10s") Duration requestTimeout,
                                @NotNull @DefaultValue("2m") Duration lease) {
}
