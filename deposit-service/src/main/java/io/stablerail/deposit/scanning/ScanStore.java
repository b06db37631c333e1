package io.stablerail.deposit.scanning;

import java.util.List;
import java.util.Optional;

/** Persistence port of scanning. Every method joins the caller's transaction. */
public interface ScanStore {

    /** The last block whose deposits are recorded. */
    Optional<BlockRef> cursor(String chain);

    /**
     * Records the scanned blocks and moves the cursor to the last one — only if the cursor is still {@code expected}
     * (empty: no cursor yet); prunes the recent-block window to {@code windowBlocks}.
     *
     * @return false if the cursor was moved by someone else (the caller must roll back)
     */
    boolean advance(String chain, Optional<BlockRef> expected, List<BlockRef> blocks, int windowBlocks);

    /** The hash recorded for the scanned block at this height, if it is in the window. */
    Optional<String> scannedHash(String chain, long number);

    /** Moves the cursor back to the common ancestor and forgets the scanned blocks above it. */
    void rewind(String chain, BlockRef ancestor);
}
