package io.stablerail.gateway.routing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Calls from the gateway to the services ({@code stablerail.gateway.routing.*}).
 *
 * @param timeout                    how long one upstream call may take (then 504 {@code upstream_timeout})
 * @param failureRateThresholdPercent failures among the last {@code slidingWindowCalls} that open the circuit
 * @param slidingWindowCalls          calls the failure rate is computed over
 * @param openFor                     how long an open circuit refuses calls (503) before letting a few through
 */
@Validated
@ConfigurationProperties("stablerail.gateway.routing")
public record RoutingProperties(@NotNull @DefaultValue("5s") Duration timeout,
                                @Min(1) @Max(100) @DefaultValue("50") int failureRateThresholdPercent,
                                @Min(2) @Max(1_000) @DefaultValue("20") int slidingWindowCalls,
                                @NotNull @DefaultValue("30s") Duration openFor) {
}
