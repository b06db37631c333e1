package io.stablerail.chain.tron;

/**
 * A block header as seen by one node. {@code id} is java-tron's block id (8-byte number ‖ last 24 bytes of
 * sha256(raw header)), hex; a reorg shows as a different id at the same number.
 */
public record TronBlock(long number, String id, String parentId, long timestampMillis) {
}
