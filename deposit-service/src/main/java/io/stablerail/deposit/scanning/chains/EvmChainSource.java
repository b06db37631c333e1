package io.stablerail.deposit.scanning.chains;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.BlockTag;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmBlock;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.FinalityRule;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.deposit.deposits.ObservedTransfer;
import io.stablerail.deposit.scanning.BlockRange;
import io.stablerail.deposit.scanning.BlockRef;
import io.stablerail.deposit.scanning.ChainSource;

/**
 * An EVM chain for the scanner: block headers by number (a range's headers in JSON-RPC batches,
 * {@link EvmClient#blocks}) and {@code eth_getLogs} on the registry's token contracts with the Transfer topic, through
 * the chain's endpoint pool. Finality follows the chain's {@link FinalityRule}: the
 * {@code finalized} tag, or head − (depth − 1) where the node's tags cannot be trusted (devnets).
 *
 * <p>Headers and logs are separate calls; if the chain moves between them (a log's block hash differs from the
 * header read for its height) the range is refused as RETRY and read again on the next tick, never half-applied.
 */
public final class EvmChainSource implements ChainSource {

    private final ChainSpec chain;
    private final EndpointPool<EvmClient> nodes;
    private final List<EvmAddress> tokens;

    public EvmChainSource(ChainSpec chain, EndpointPool<EvmClient> nodes) {
        this.chain = chain;
        this.nodes = nodes;
        this.tokens = chain.tokens().values().stream().map(TokenSpec::contract).map(EvmAddress::parse).toList();
    }

    @Override
    public String chain() {
        return chain.name();
    }

    @Override
    public BlockRef head() {
        return ref(nodes.call("head", client -> client.block(BlockTag.LATEST)));
    }

    @Override
    public BlockRef finalizedHead() {
        return switch (chain.finality()) {
            case FinalityRule.FinalizedTag tag -> ref(nodes.call("finalized", client -> client.block(BlockTag.FINALIZED)));
            case FinalityRule.Depth depth -> block(Math.max(0, head().number() - (depth.blocks() - 1)));
            case FinalityRule.TronSolidified solidified ->
                    throw new IllegalStateException(chain.name() + " is an EVM chain with a TRON finality rule");
        };
    }

    @Override
    public BlockRef block(long number) {
        return ref(nodes.call("block", client -> client.block(number)).orElseThrow(() -> new ChainException(
                FailureClass.RETRY, "NO_BLOCK", chain.name() + " has no block " + number + " yet")));
    }

    @Override
    public BlockRange blocks(long from, long to) {
        if (to < from || to - from + 1 > chain.maxScanRange()) {
            throw new IllegalArgumentException("range " + from + ".." + to + " exceeds " + chain.maxScanRange());
        }
        List<Erc20Transfer> transfers = tokens.isEmpty() ? List.of()
                : nodes.call("logs", client -> client.transfers(from, to, tokens));
        List<BlockRef> blocks = new ArrayList<>();
        Map<Long, String> hashes = new HashMap<>();
        List<Optional<EvmBlock>> headers = nodes.call("blocks", client -> client.blocks(from, to));
        for (int i = 0; i < headers.size(); i++) {
            long number = from + i;
            BlockRef block = ref(headers.get(i).orElseThrow(() -> new ChainException(FailureClass.RETRY, "NO_BLOCK",
                    chain.name() + " has no block " + number + " yet")));
            blocks.add(block);
            hashes.put(number, block.hash());
        }
        List<ObservedTransfer> observed = new ArrayList<>(transfers.size());
        for (Erc20Transfer transfer : transfers) {
            String hash = transfer.blockHash().toLowerCase(java.util.Locale.ROOT);
            if (!hash.equals(hashes.get(transfer.blockNumber()))) {
                throw new ChainException(FailureClass.RETRY, "CHAIN_MOVED", chain.name() + " block "
                        + transfer.blockNumber() + " changed while the range was read; reading it again");
            }
            observed.add(new ObservedTransfer(chain.name(), transfer.transactionHash(), transfer.logIndex(),
                    transfer.blockNumber(), hash, transfer.token().checksummed(), transfer.from().checksummed(),
                    transfer.to().checksummed(), transfer.amount()));
        }
        return new BlockRange(blocks, observed);
    }

    private static BlockRef ref(EvmBlock block) {
        return new BlockRef(block.number(), block.hash(), block.parentHash(), block.timestamp());
    }
}
