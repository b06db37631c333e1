package io.stablerail.devnet.tron;

import java.util.List;

import org.tron.trident.proto.Chain.Block;
import org.tron.trident.proto.Response.TransactionInfo;

/**
 * One block of the devnet's chain: the block as the node serves it, its id (8-byte number ‖ last 24 bytes of
 * sha256(raw header), as java-tron's {@code BlockCapsule.BlockId}), the {@code TransactionInfo} of each of its
 * transactions, and the ledger state after it ({@code null} once pruned; only recent heights keep one).
 */
final class ChainBlock {

    final Block block;
    final byte[] id;
    final List<TransactionInfo> infos;
    LedgerState stateAfter;

    ChainBlock(Block block, byte[] id, List<TransactionInfo> infos, LedgerState stateAfter) {
        this.block = block;
        this.id = id;
        this.infos = List.copyOf(infos);
        this.stateAfter = stateAfter;
    }

    long number() {
        return block.getBlockHeader().getRawData().getNumber();
    }

    long timestamp() {
        return block.getBlockHeader().getRawData().getTimestamp();
    }
}
