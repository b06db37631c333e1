package io.stablerail.ledger.books;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The hold-expiry job ({@code stablerail.ledger.hold-expiry.*}).
 *
 * @param interval pause between runs
 * @param batchMax holds expired per run at most
 */
@Validated
@ConfigurationProperties("stablerail.ledger.hold-expiry")
public record HoldExpiryProperties(@NotNull Duration interval, @Min(1) @Max(10_000) int batchMax) {
}
