package io.stablerail.chain.tron;

/** Which node answers: the full node sees the head, the solidity node only solidified (final) blocks. */
public enum TronNode {
    FULL,
    SOLIDITY
}
