package io.stablerail.gateway.ops;

/** The gateway's own health status ({@code UP}, {@code DOWN}, …), read in-process. */
@FunctionalInterface
public interface GatewayStatus {
    String status();
}
