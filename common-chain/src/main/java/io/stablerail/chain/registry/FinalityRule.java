package io.stablerail.chain.registry;

/**
 * When a block may be treated as final. The application applies the rule itself: devnets (Hardhat) report
 * {@code finalized} equal to {@code latest}, so a devnet uses a depth instead.
 */
public sealed interface FinalityRule {

    /** The node's {@code finalized} block tag (post-merge Ethereum, the rollups' L1-finalized view, Polygon). */
    record FinalizedTag() implements FinalityRule {
    }

    /** {@code blocks} confirmations on top of the block (inclusive of the block itself: depth 1 = the head). */
    record Depth(int blocks) implements FinalityRule {
        public Depth {
            if (blocks < 1) {
                throw new IllegalArgumentException("a depth rule needs at least one block");
            }
        }
    }

    /** TRON's solidified block (confirmed by 2/3 + 1 of the super representatives), as served by the solidity node. */
    record TronSolidified() implements FinalityRule {
    }
}
