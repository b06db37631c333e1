package io.stablerail.events.transaction;

/** Why a transaction is provably never going to be included (DESIGN rule 5). */
public enum DropReason {
    /** TRON: its expiration is older than the solidified head and the solidity node does not have it. */
    EXPIRED,
    /** EVM: the sender's nonce is consumed at the finality point and this transaction is not the one that used it. */
    NONCE_CONSUMED
}
