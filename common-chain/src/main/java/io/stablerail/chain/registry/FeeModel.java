package io.stablerail.chain.registry;

/** How a chain prices transactions; decides which fee oracle path the client takes. */
public enum FeeModel {
    /** Base fee + priority fee ({@code eth_feeHistory}); fee cap in wei per gas. */
    EIP1559,
    /** A single gas price ({@code eth_gasPrice}); fee cap in wei per gas. */
    LEGACY,
    /** TRON energy and bandwidth; fee cap is the {@code fee_limit} ceiling in sun per transaction. */
    TRON_RESOURCES
}
