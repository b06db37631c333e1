package io.stablerail.deposit.scanning;

/**
 * What the scanner needs from one chain; implemented per family by adapters over common-chain's clients (EVM:
 * {@code eth_getBlockByNumber} + {@code eth_getLogs} on the token contracts with the Transfer topic; TRON: blocks and
 * transaction infos). Every method is a bounded read; a transient failure (timeout, busy node) is thrown as a
 * {@link io.stablerail.chain.failure.ChainException} of class {@code RETRY} and the scanner tries again on its next
 * tick from its durable cursor.
 */
public interface ChainSource {

    /** The registry name of the chain, e.g. {@code ethereum}, {@code tron}. */
    String chain();

    /** The newest block the node has. */
    BlockRef head();

    /** The newest final block (EVM: the {@code finalized} tag or the depth rule; TRON: the solidified block). */
    BlockRef finalizedHead();

    /** The canonical block at this height, as the node sees it now (used to find the common ancestor of a reorg). */
    BlockRef block(long number);

    /**
     * The canonical blocks {@code from..to} inclusive and their token Transfers. {@code to - from + 1} never exceeds
     * the chain's {@code maxScanRange}.
     */
    BlockRange blocks(long from, long to);
}
