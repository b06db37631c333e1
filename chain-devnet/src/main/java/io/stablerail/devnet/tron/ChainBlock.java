package io.stablerail.devnet.tron;

import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tron.trident.proto.Chain.Block;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionInfoList;

/**
 * One block of the devnet's chain: the block as the node serves it, its id (8-byte number ‖ last 24 bytes of
 * sha256(raw header), as java-tron's {@code BlockCapsule.BlockId}), the {@code TransactionInfo} of each of its
 * transactions, and the ledger state after it ({@code null} once pruned; only recent heights keep one).
 *
 * <p>Once a block is {@link TronChain#PARSED_BLOCKS_KEPT} heights below the head it is {@linkplain #compact()
 * compacted}: the block and its infos are kept as their protobuf bytes and parsed again when read. A parsed block of
 * 500 transfers is some 30,000 small objects; a devnet that has made hundreds of thousands of transfers (a benchmark)
 * would otherwise hold millions of them, which every garbage-collector mark of the JVM it shares with the services
 * walks. What a read returns is the same either way. Compaction publishes the bytes before it drops the parsed form
 * (both fields volatile), so a reader outside the chain's lock sees one or the other.
 */
final class ChainBlock {

    final byte[] id;
    private final long number;
    private final long timestamp;
    private volatile Block block;
    private volatile List<TransactionInfo> infos;
    private volatile byte[] blockBytes;
    private volatile byte[] infoBytes;
    LedgerState stateAfter;

    ChainBlock(Block block, byte[] id, List<TransactionInfo> infos, LedgerState stateAfter) {
        this.block = block;
        this.id = id;
        this.infos = List.copyOf(infos);
        this.stateAfter = stateAfter;
        this.number = block.getBlockHeader().getRawData().getNumber();
        this.timestamp = block.getBlockHeader().getRawData().getTimestamp();
    }

    long number() {
        return number;
    }

    long timestamp() {
        return timestamp;
    }

    Block block() {
        Block parsed = block;
        if (parsed != null) {
            return parsed;
        }
        try {
            return Block.parseFrom(blockBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the devnet's own block " + number + " does not parse", e);
        }
    }

    List<TransactionInfo> infos() {
        List<TransactionInfo> parsed = infos;
        if (parsed != null) {
            return parsed;
        }
        try {
            return TransactionInfoList.parseFrom(infoBytes).getTransactionInfoList();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the devnet's own transaction infos of block " + number
                    + " do not parse", e);
        }
    }

    boolean compacted() {
        return block == null;
    }

    /** Keeps the block and its infos as bytes only (idempotent). Called under the chain's lock. */
    void compact() {
        Block parsed = block;
        if (parsed == null) {
            return;
        }
        infoBytes = TransactionInfoList.newBuilder().addAllTransactionInfo(infos).build().toByteArray();
        blockBytes = parsed.toByteArray();
        block = null;
        infos = null;
    }
}
