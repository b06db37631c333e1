package io.stablerail.chain.registry;

/** The two protocol families StableRail speaks. */
public enum ChainFamily {
    EVM, TRON
}
