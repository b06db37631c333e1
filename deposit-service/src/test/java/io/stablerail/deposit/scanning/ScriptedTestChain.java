package io.stablerail.deposit.scanning;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.deposit.deposits.ObservedTransfer;

/**
 * A TEST-ONLY, in-memory, scripted chain behind the {@link ChainSource} port: the test mines blocks carrying
 * transfers, replaces the top blocks (a reorg), makes the "node" time out for a number of calls, or holds a call until
 * released. Not a devnet; it is what the scanner's chain-independent logic is tested against.
 */
final class ScriptedTestChain implements ChainSource {

    /** A transfer to put in a block; the block's number and hash are filled in when it is mined. */
    record Log(String txHash, long logIndex, String contract, String from, String to, BigInteger amount) {
    }

    private record Block(BlockRef ref, List<Log> logs) {
    }

    private final String chain;
    private final List<Block> blocks = new ArrayList<>();
    private final AtomicInteger failNextCalls = new AtomicInteger();
    private volatile CountDownLatch holdRangeCalls;
    private volatile CountDownLatch releaseGate;
    private volatile CountDownLatch rangeCallEntered;
    private final AtomicInteger rangeCalls = new AtomicInteger();

    ScriptedTestChain(String chain) {
        this.chain = chain;
        blocks.add(new Block(new BlockRef(0, randomHash(), "0x" + "0".repeat(64), Instant.EPOCH), List.of()));
    }

    static String randomHash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    static String txHash(String tag) {
        return "0x" + HexFormat.of().formatHex(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .concat("0".repeat(64)).substring(0, 64);
    }

    /** Mines one block on top of the head carrying these logs; returns its number. */
    synchronized long mine(Log... logs) {
        BlockRef parent = blocks.getLast().ref();
        BlockRef ref = new BlockRef(parent.number() + 1, randomHash(), parent.hash(),
                Instant.EPOCH.plusSeconds(12 * (parent.number() + 1)));
        blocks.add(new Block(ref, List.of(logs)));
        return ref.number();
    }

    synchronized void mineEmpty(int count) {
        for (int i = 0; i < count; i++) {
            mine();
        }
    }

    /** Drops the blocks above {@code ancestor}: the next blocks mined form the new canonical fork. */
    synchronized void reorgTo(long ancestor) {
        while (blocks.getLast().ref().number() > ancestor) {
            blocks.removeLast();
        }
    }

    synchronized String hashAt(long number) {
        return blocks.get((int) number).ref().hash();
    }

    /** The next {@code calls} calls of any kind fail like a node timing out. */
    void timeOutNextCalls(int calls) {
        failNextCalls.set(calls);
    }

    /** Makes the next {@link #blocks} call wait until {@link #release()}; returns a latch counted down on entry. */
    CountDownLatch holdNextRangeCall() {
        releaseGate = new CountDownLatch(1);
        holdRangeCalls = releaseGate;
        rangeCallEntered = new CountDownLatch(1);
        return rangeCallEntered;
    }

    void release() {
        releaseGate.countDown();
    }

    int rangeCalls() {
        return rangeCalls.get();
    }

    @Override
    public String chain() {
        return chain;
    }

    @Override
    public synchronized BlockRef head() {
        maybeTimeOut();
        return blocks.getLast().ref();
    }

    @Override
    public synchronized BlockRef finalizedHead() {
        maybeTimeOut();
        return blocks.get(Math.max(0, blocks.size() - 4)).ref();
    }

    @Override
    public synchronized BlockRef block(long number) {
        maybeTimeOut();
        return blocks.get((int) number).ref();
    }

    @Override
    public BlockRange blocks(long from, long to) {
        maybeTimeOut();
        rangeCalls.incrementAndGet();
        CountDownLatch hold = holdRangeCalls;
        if (hold != null) {
            holdRangeCalls = null;
            rangeCallEntered.countDown();
            try {
                if (!hold.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held range call never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        synchronized (this) {
            List<BlockRef> refs = new ArrayList<>();
            List<ObservedTransfer> transfers = new ArrayList<>();
            for (long n = from; n <= to && n < blocks.size(); n++) {
                Block block = blocks.get((int) n);
                refs.add(block.ref());
                for (Log log : block.logs()) {
                    transfers.add(new ObservedTransfer(chain, log.txHash(), log.logIndex(), n, block.ref().hash(),
                            log.contract(), log.from(), log.to(), log.amount()));
                }
            }
            return new BlockRange(refs, transfers);
        }
    }

    private void maybeTimeOut() {
        if (failNextCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ChainException(FailureClass.RETRY, "timeout", chain + " node did not answer in time");
        }
    }
}
