package io.stablerail.gateway;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The merchant API edge ({@code stablerail.gateway.*}). Nothing secret: the ops bootstrap credential is configured as
 * the SHA-256 of the token, never the token.
 *
 * @param requestBodyMaxBytes largest request body accepted (413 above)
 * @param ops                 ops API access
 * @param idempotency         idempotency records
 * @param rateLimit           per-API-key request rate
 */
@Validated
@ConfigurationProperties("stablerail.gateway")
public record GatewayProperties(
        @Min(1_024) @Max(10_485_760) @DefaultValue("65536") int requestBodyMaxBytes,
        @Valid @NotNull @DefaultValue Ops ops,
        @Valid @NotNull @DefaultValue Idempotency idempotency,
        @Valid @NotNull @DefaultValue RateLimit rateLimit) {

    /**
     * @param bootstrapTokenSha256 hex SHA-256 of the bootstrap ops admin token; empty disables the ops API (403)
     */
    public record Ops(@DefaultValue("") @Pattern(regexp = "|[0-9a-f]{64}") String bootstrapTokenSha256) {
    }

    /**
     * @param retention        how long a key's record (and replayable response) is kept
     * @param lease            how long a request holds its key before a crashed attempt may be taken over
     * @param cleanupBatchMax  records deleted per cleanup run
     */
    public record Idempotency(@NotNull @DefaultValue("30d") Duration retention,
                              @NotNull @DefaultValue("60s") Duration lease,
                              @Min(1) @Max(100_000) @DefaultValue("5000") int cleanupBatchMax) {
    }

    /**
     * @param requestsPerSecond sustained rate per API key
     * @param burst             bucket size: requests allowed at once
     * @param trackedKeysMax    buckets kept in memory at most (idle ones are dropped first)
     */
    public record RateLimit(@Min(1) @Max(100_000) @DefaultValue("25") int requestsPerSecond,
                            @Min(1) @Max(100_000) @DefaultValue("50") int burst,
                            @Min(100) @Max(10_000_000) @DefaultValue("100000") int trackedKeysMax) {
    }
}
