package io.stablerail.chain.evm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One RPC endpoint's client settings.
 *
 * @param rpcUrl            the JSON-RPC HTTP(S) endpoint; it may carry an API key, so it is never logged whole
 * @param callTimeout       the upper bound of one JSON-RPC call, connect to last byte
 * @param logsBlockRangeMax the widest {@code eth_getLogs} range asked for (inclusive block count); wider requests are
 *                          refused, narrower refusals by the node are split in halves down to one block
 */
public record EvmClientSettings(URI rpcUrl, Duration callTimeout, long logsBlockRangeMax) {

    public static final long LOGS_BLOCK_RANGE_MAX_LIMIT = 100_000;

    public EvmClientSettings {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        if (!"http".equals(rpcUrl.getScheme()) && !"https".equals(rpcUrl.getScheme())) {
            throw new IllegalArgumentException("rpcUrl must be http or https, got scheme " + rpcUrl.getScheme());
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()
                || callTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("callTimeout must be > 0 and <= 5 minutes, got " + callTimeout);
        }
        if (logsBlockRangeMax < 1 || logsBlockRangeMax > LOGS_BLOCK_RANGE_MAX_LIMIT) {
            throw new IllegalArgumentException("logsBlockRangeMax must be 1.." + LOGS_BLOCK_RANGE_MAX_LIMIT + ", got "
                    + logsBlockRangeMax);
        }
    }

    /** Scheme, host and port only: what may appear in logs and exception messages. */
    public String endpointForLogs() {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() < 0 ? "" : ":" + rpcUrl.getPort());
    }

    @Override
    public String toString() {
        return "EvmClientSettings[" + endpointForLogs() + ", callTimeout=" + callTimeout + ", logsBlockRangeMax="
                + logsBlockRangeMax + "]";
    }
}
