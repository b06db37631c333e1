package io.stablerail.deposit.scanning;

import java.util.List;

import io.stablerail.deposit.deposits.ObservedTransfer;

/**
 * The blocks {@code from..to} (every one, in ascending order) and the token Transfers in them — at least every
 * Transfer of the chain's registry tokens; a source may return more (the scanner filters by contract and address).
 */
public record BlockRange(List<BlockRef> blocks, List<ObservedTransfer> transfers) {

    public BlockRange {
        blocks = List.copyOf(blocks);
        transfers = List.copyOf(transfers);
    }
}
