package io.stablerail.confirmation.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * confirmation-worker settings ({@code stablerail.confirmation.*}); every loop and retry is bounded here.
 *
 * @param checkInterval       pause between checker runs
 * @param batchSizeMax        open rows looked at per chain per run
 * @param runsPerTickMax      runs per chain per tick: after a run that found a full batch due, the next run follows at
 *                            once (a backlog is not held to one batch per check interval), at most this many per tick
 * @param recheckInterval     earliest next look at a transaction that is not decided yet (a chain may set its own)
 * @param errorBackoffInitial delay after a look that failed (node down); doubles per consecutive failure
 * @param errorBackoffMax     cap of that delay
 * @param rpcTimeout          upper bound of one node call
 * @param rpcAttempts         tries of one call per endpoint before failing over
 * @param trackedGaugeInterval least time between two refreshes of the tracked gauge (a {@code GROUP BY} over the table)
 * @param chains              enabled chains by registry name; none = the worker refuses every track request
 */
@Validated
@ConfigurationProperties("stablerail.confirmation")
public record ConfirmationProperties(
        @NotNull @DefaultValue("250ms") Duration checkInterval,
        @Min(1) @Max(10_000) @DefaultValue("100") int batchSizeMax,
        @Min(1) @Max(1_000) @DefaultValue("10") int runsPerTickMax,
        @NotNull @DefaultValue("500ms") Duration recheckInterval,
        @NotNull @DefaultValue("1s") Duration errorBackoffInitial,
        @NotNull @DefaultValue("1m") Duration errorBackoffMax,
        @NotNull @DefaultValue("10s") Duration rpcTimeout,
        @Min(1) @Max(10) @DefaultValue("3") int rpcAttempts,
        @NotNull @DefaultValue("10s") Duration trackedGaugeInterval,
        @NotNull @DefaultValue Map<String, @Valid ChainSettings> chains) {

    /**
     * @param endpoints        the chain's nodes in failover order
     * @param tokens           token contracts to add to the registry (devnets, operator-checked); shipped ones need none
     * @param stuckAfterBlocks an unmined transaction is reported STUCK once the head moved this many blocks past its
     *                         first check
     * @param stuckAfter       … or once this long has passed since its broadcast
     * @param recheckInterval  this chain's earliest next look at an undecided row; null = the worker's
     *                         {@code recheck-interval}. Every look at an EVM row costs node calls (receipt, head,
     *                         finalized block), so a public EVM chain on a paid provider may want a longer one
     * @param batchSizeMax     this chain's rows per run; null = the worker's {@code batch-size-max}. A TRON run costs
     *                         about one node call per block whatever the rows, an EVM run node calls per row
     */
    public record ChainSettings(
            @NotNull List<@Valid EndpointSettings> endpoints,
            @NotNull @DefaultValue List<@Valid TokenSettings> tokens,
            @Min(1) @Max(100_000) @DefaultValue("50") int stuckAfterBlocks,
            @NotNull @DefaultValue("15m") Duration stuckAfter,
            Duration recheckInterval,
            @Min(1) @Max(10_000) Integer batchSizeMax) {
    }

    /** One node: {@code url} (EVM JSON-RPC http(s); TRON full node host:port) and, for TRON, {@code solidityUrl}. */
    public record EndpointSettings(@NotBlank String name, @NotBlank String url, String solidityUrl) {
    }

    public record TokenSettings(@NotBlank String symbol, @NotBlank String contract, @Min(0) @Max(36) int decimals) {
    }
}
