package io.stablerail.devnet.tron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.stablerail.chain.address.TronAddress;

/**
 * A TRON devnet in this JVM: one gRPC server on 127.0.0.1 (ephemeral port) serving java-tron's {@code Wallet} (full
 * node) and {@code WalletSolidity} (solidity node) services, so a trident {@code ApiWrapper} can use
 * {@link #endpoint()} for both. Blocks are produced on demand ({@link #produceBlocks(int)}, the virtual clock) or on
 * a timer for the local stack ({@link #startProducing(Duration)}). See docs/chain-devnet.md, "TRON devnet".
 */
public final class TronDevnet implements AutoCloseable {

    /** 127.0.0.1 exactly (never ::1, never a wildcard): the devnet is reachable from this machine only. */
    private static final InetAddress LOOPBACK = loopback();

    private final TronChain chain;
    private final DevnetFaults faults = new DevnetFaults();
    private final Server server;
    private ScheduledExecutorService producer;

    private TronDevnet(Instant genesis) {
        long genesisMillis = genesis.toEpochMilli() - Math.floorMod(genesis.toEpochMilli(), TronChain.BLOCK_INTERVAL_MILLIS);
        this.chain = new TronChain(genesisMillis);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
                .addService(ServerInterceptors.intercept(new DevnetWalletService(chain, faults), faults))
                .addService(ServerInterceptors.intercept(new DevnetSolidityService(chain), faults))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the TRON devnet on 127.0.0.1", e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many blocks the solidified block trails the head (java-tron with 27 witnesses and a 70 % threshold). */
    public static final int SOLIDIFICATION_LAG_BLOCKS = TronChain.SOLIDIFICATION_LAG_BLOCKS;

    /** Starts a devnet whose genesis block is stamped now (rounded down to a 3-second slot). */
    public static TronDevnet start() {
        return new TronDevnet(Instant.now());
    }

    /** {@code 127.0.0.1:port}: give it to trident as both the full-node and the solidity-node endpoint. */
    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public DevnetFaults faults() {
        return faults;
    }

    public TronAddress usdtContract() {
        return DevnetUsdt.ADDRESS;
    }

    // ---- virtual clock ----------------------------------------------------------------------------------------

    /** Produces {@code count} blocks, 3 virtual seconds apart; pending transactions go into the first one. */
    public void produceBlocks(int count) {
        chain.produceBlocks(count);
    }

    /** Local-stack mode: one block every {@code interval} of wall-clock time until {@link #stopProducing()}. */
    public synchronized void startProducing(Duration interval) {
        if (interval.compareTo(Duration.ofMillis(50)) < 0) {
            throw new IllegalArgumentException("a block interval of at least 50 ms, got " + interval);
        }
        if (producer != null) {
            throw new IllegalStateException("already producing blocks");
        }
        producer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tron-devnet-producer");
            thread.setDaemon(true);
            return thread;
        });
        producer.scheduleAtFixedRate(() -> chain.produceBlocks(1), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public synchronized void stopProducing() {
        if (producer != null) {
            producer.shutdownNow();
            producer = null;
        }
    }

    public long headBlockNumber() {
        return chain.head().number();
    }

    public long solidifiedBlockNumber() {
        return chain.solidNumber();
    }

    /** The id (hex) of the block at {@code number} on the current chain, if the chain is that long. */
    public Optional<String> blockId(long number) {
        return chain.block(number, false).map(block -> HexFormat.of().formatHex(block.id));
    }

    // ---- forks ------------------------------------------------------------------------------------------------

    /**
     * Replaces the top {@code depth} blocks (1 ≤ depth ≤ head − solidified) with blocks from another witness: the
     * hashes at those heights change; their transactions return to pending and land in the first replacement block
     * (or are dropped if no longer valid), as java-tron re-pushes popped transactions on a fork switch.
     */
    public void fork(int depth) {
        chain.fork(depth, true);
    }

    /** As {@link #fork(int)}, but the replaced blocks' transactions vanish (the winning fork never saw them). */
    public void forkDroppingTransactions(int depth) {
        chain.fork(depth, false);
    }

    // ---- faucet (outside consensus: applies at every height the devnet keeps, so forks keep it) ---------------

    public void fundTrx(TronAddress address, long sun) {
        if (sun <= 0) {
            throw new IllegalArgumentException("fund a positive amount of sun, got " + sun);
        }
        ByteString key = ByteString.copyFrom(address.bytes());
        chain.everywhere(state -> state.addTrx(key, sun));
    }

    /** Mints {@code amount} base units (6 decimals: 1 USDT = 1,000,000). */
    public void mintUsdt(TronAddress address, BigInteger amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("mint a positive amount, got " + amount);
        }
        ByteString key = ByteString.copyFrom(DevnetUsdt.address20(address));
        chain.everywhere(state -> state.usdtBalances.merge(key, amount, BigInteger::add));
    }

    /** Puts {@code address} on the devnet USDT's blacklist: its transfers revert (Tether's {@code isBlackListed}). */
    public void blacklistUsdt(TronAddress address) {
        ByteString key = ByteString.copyFrom(DevnetUsdt.address20(address));
        chain.everywhere(state -> state.usdtBlacklist.add(key));
    }

    /** Takes {@code address} off the devnet USDT's blacklist (Tether's {@code removeBlackList}). */
    public void unblacklistUsdt(TronAddress address) {
        ByteString key = ByteString.copyFrom(DevnetUsdt.address20(address));
        chain.everywhere(state -> state.usdtBlacklist.remove(key));
    }

    public long trxBalance(TronAddress address) {
        return chain.trxBalance(ByteString.copyFrom(address.bytes()), false);
    }

    public BigInteger usdtBalance(TronAddress address) {
        return chain.usdtBalance(ByteString.copyFrom(DevnetUsdt.address20(address)), false);
    }

    /** Whether the full node holds {@code txidHex} in its pending pool (accepted, not yet in a block). */
    public boolean isPending(String txidHex) {
        return chain.isPending(ByteString.copyFrom(HexFormat.of().parseHex(txidHex)));
    }

    /** Whether block {@code number} is kept as bytes only (see {@code ChainBlock}); for the devnet's own tests. */
    boolean compacted(long number) {
        return chain.block(number, false).orElseThrow().compacted();
    }

    @Override
    public void close() {
        stopProducing();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
