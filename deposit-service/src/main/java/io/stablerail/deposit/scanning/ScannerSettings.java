package io.stablerail.deposit.scanning;

/**
 * Limits of one chain's scanner.
 *
 * @param startBlock        first block to scan when the chain has no cursor yet; negative: start at the head
 * @param rangeBlocksMax    blocks per {@link ChainSource#blocks} call (capped by the chain's maxScanRange)
 * @param rangesPerTickMax  ranges scanned per tick before yielding
 * @param reorgWindowBlocks recent scanned blocks kept to find a reorg's common ancestor; deeper reorgs stop the
 *                          scanner (fail closed) for ops
 */
public record ScannerSettings(long startBlock, int rangeBlocksMax, int rangesPerTickMax, int reorgWindowBlocks) {

    public ScannerSettings {
        if (rangeBlocksMax < 1 || rangesPerTickMax < 1 || reorgWindowBlocks < 2) {
            throw new IllegalArgumentException("scanner limits must be positive (reorg window at least 2)");
        }
    }
}
