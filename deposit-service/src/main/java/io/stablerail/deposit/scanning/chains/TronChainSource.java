package io.stablerail.deposit.scanning.chains;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.tron.Trc20Transfer;
import io.stablerail.chain.tron.TronBlock;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.deposit.deposits.ObservedTransfer;
import io.stablerail.deposit.scanning.BlockRange;
import io.stablerail.deposit.scanning.BlockRef;
import io.stablerail.deposit.scanning.ChainSource;
import org.tron.trident.proto.Response.TransactionInfo;

/**
 * A TRON chain for the scanner: blocks and their transaction infos ({@code GetTransactionInfoByBlockNum}) from the
 * full node, TRC-20 Transfer logs decoded and kept when they come from a registry token; finality is the solidity
 * node's solidified block. A block whose id changes while its infos are read (a fork under the scanner) is refused as
 * RETRY and read again on the next tick.
 */
public final class TronChainSource implements ChainSource {

    private final ChainSpec chain;
    private final EndpointPool<TronClient> nodes;
    private final Set<TronAddress> tokens;

    public TronChainSource(ChainSpec chain, EndpointPool<TronClient> nodes) {
        this.chain = chain;
        this.nodes = nodes;
        this.tokens = chain.tokens().values().stream().map(TokenSpec::contract).map(TronAddress::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String chain() {
        return chain.name();
    }

    @Override
    public BlockRef head() {
        return ref(nodes.call("nowBlock", TronClient::nowBlock));
    }

    @Override
    public BlockRef finalizedHead() {
        return ref(nodes.call("solidifiedBlock", TronClient::solidifiedBlock));
    }

    @Override
    public BlockRef block(long number) {
        return ref(nodes.call("blockByNumber", client -> client.blockByNumber(number, TronNode.FULL))
                .orElseThrow(() -> new ChainException(FailureClass.RETRY, "NO_BLOCK",
                        chain.name() + " has no block " + number + " yet")));
    }

    @Override
    public BlockRange blocks(long from, long to) {
        if (to < from || to - from + 1 > chain.maxScanRange()) {
            throw new IllegalArgumentException("range " + from + ".." + to + " exceeds " + chain.maxScanRange());
        }
        List<BlockRef> blocks = new ArrayList<>();
        List<ObservedTransfer> transfers = new ArrayList<>();
        for (long number = from; number <= to; number++) {
            long height = number;
            BlockRef block = block(height);
            List<TransactionInfo> infos = nodes.call("transactionInfos",
                    client -> client.transactionInfos(height, TronNode.FULL));
            if (!block(height).hash().equals(block.hash())) {
                throw new ChainException(FailureClass.RETRY, "CHAIN_MOVED", chain.name() + " block " + height
                        + " changed while its transactions were read; reading it again");
            }
            blocks.add(block);
            for (TransactionInfo info : infos) {
                for (Trc20Transfer transfer : Trc20Transfer.fromTransactionInfo(info)) {
                    if (tokens.contains(transfer.contract())) {
                        transfers.add(new ObservedTransfer(chain.name(), transfer.txid(), transfer.logIndex(), height,
                                block.hash(), transfer.contract().base58(), transfer.from().base58(),
                                transfer.to().base58(), transfer.amount()));
                    }
                }
            }
        }
        return new BlockRange(blocks, transfers);
    }

    private static BlockRef ref(TronBlock block) {
        return new BlockRef(block.number(), block.id(), block.parentId(), Instant.ofEpochMilli(block.timestampMillis()));
    }
}
