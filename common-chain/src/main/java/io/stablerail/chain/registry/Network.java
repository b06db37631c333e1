package io.stablerail.chain.registry;

/** Whether a chain carries real value. Testnet and devnet tokens have no financial value. */
public enum Network {
    MAINNET, TESTNET, DEVNET
}
