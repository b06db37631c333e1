package io.stablerail.confirmation.tracking.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
import io.stablerail.confirmation.tracking.ChainObserver;
import io.stablerail.confirmation.tracking.Look;
import io.stablerail.confirmation.tracking.TrackedTransaction;
import io.stablerail.confirmation.tracking.Verdict;
import io.stablerail.confirmation.tracking.VerifiedTransfer;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Response.TransactionInfo;

/**
 * The checklist on TRON. Finality is the solidity node: a transaction whose info the solidity node has is in a
 * solidified block, which never changes. It is FINAL when it succeeded and carries a Transfer event of the expected
 * contract, to, amount (and from / log index when given); FAILED REVERTED / OUT_OF_ENERGY / OTHER by its receipt;
 * FAILED MISMATCH otherwise. An attempt whose expiration is older than the solidified head and that the solidity
 * node does not have is DROPPED (DESIGN rule 5, as {@code TronClient.provablyDead}).
 *
 * <p>A run ({@link #checkAll}) goes by block: the solidified head is read once; a row seen in a block above it is
 * still pending without any node call; the rows seen in one solidified block are decided from that block's
 * transaction infos (one {@code GetTransactionInfoByBlockNum} on the solidity node per block); a row not found in its
 * seen block (reorganized before solidification, or a wrong hint) or without a seen block takes the per-row
 * {@link #check} path, which shares the run's head reads.
 */
final class TronObserver implements ChainObserver, AutoCloseable {

    static final String FEE_UNIT = "sun";
    /** Solidified block ids remembered (a block carries many deposits; the newest ones are the ones asked about). */
    static final int SOLIDIFIED_BLOCK_IDS_MAX = 1_024;
    private static final String TXID = "[0-9a-fA-F]{64}";
    /**
     * A seen block this far or farther above the solidified head is not trusted as a hint (TRON solidifies about 19
     * blocks behind the head): the row takes the per-row path, which reads where the transaction really is.
     */
    static final long SEEN_BLOCK_AHEAD_MAX = 100;

    private final ChainSpec chain;
    private final EndpointPool<TronClient> pool;
    private final Set<TronAddress> tokens;
    /**
     * Block number → id of solidified blocks. A solidified block is irreversible, so its id is read from a node once,
     * not once per transaction in it (the read returns the whole block with every transaction). Bounded, LRU.
     */
    private final Map<Long, String> solidifiedBlockIds = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                    return size() > SOLIDIFIED_BLOCK_IDS_MAX;
                }
            });

    TronObserver(ChainSpec chain, EndpointPool<TronClient> pool) {
        this.chain = chain;
        this.pool = pool;
        this.tokens = chain.tokens().values().stream().map(TokenSpec::contract).map(TronAddress::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String chain() {
        return chain.name();
    }

    @Override
    public void validate(TrackRequest request) {
        if (!request.txHash().matches(TXID)) {
            throw new IllegalArgumentException("not a TRON txid: " + request.txHash());
        }
        if (request.purpose() == TrackPurpose.SELF_SEND) {
            throw new IllegalArgumentException("TRON has no nonces to take: a self-send is tracked on EVM chains only");
        }
        if (!tokens.contains(TronAddress.parse(request.tokenContract()))) {
            throw new IllegalArgumentException(request.tokenContract() + " is not a token of " + chain.name());
        }
        TronAddress.parse(request.toAddress());
        if (request.fromAddress() != null && !request.fromAddress().isBlank()) {
            TronAddress.parse(request.fromAddress());
        }
    }

    @Override
    public List<Look> checkAll(List<TrackedTransaction> due) {
        Run run = new Run();
        Look[] looks = new Look[due.size()];
        List<Integer> perRow = new ArrayList<>();
        Map<Long, List<Integer>> bySolidifiedBlock = new TreeMap<>();
        for (int i = 0; i < due.size(); i++) {
            TrackedTransaction tracked = due.get(i);
            Long seen = tracked.blockSeenNumber();
            if (seen == null) {
                perRow.add(i);
                continue;
            }
            TronBlock solidified;
            try {
                solidified = run.solidified();
            } catch (RuntimeException e) {
                looks[i] = Look.failed(tracked, e);
                continue;
            }
            if (seen > solidified.number() + SEEN_BLOCK_AHEAD_MAX) {
                perRow.add(i);
            } else if (seen > solidified.number()) {
                looks[i] = Look.of(tracked, new Verdict.Pending(seen, seen, tracked.blockSeenHash(),
                        "seen in block " + seen + ", solidified head " + solidified.number()));
            } else {
                bySolidifiedBlock.computeIfAbsent(seen, block -> new ArrayList<>()).add(i);
            }
        }
        bySolidifiedBlock.forEach((block, rows) -> lookInBlock(block, rows, due, looks, perRow));
        for (int i : perRow) {
            TrackedTransaction tracked = due.get(i);
            try {
                looks[i] = Look.of(tracked, check(tracked, run));
            } catch (RuntimeException e) {
                looks[i] = Look.failed(tracked, e);
            }
        }
        return List.of(looks);
    }

    /**
     * Decides the rows seen in one solidified block from its transaction infos; a row not in them goes to
     * {@code perRow}. A failed read (or block id read) fails this block's rows only.
     */
    private void lookInBlock(long block, List<Integer> rows, List<TrackedTransaction> due, Look[] looks,
            List<Integer> perRow) {
        Map<Integer, Look> decided = new HashMap<>();
        List<Integer> notInBlock = new ArrayList<>();
        try {
            Map<String, TransactionInfo> infos = new HashMap<>();
            for (TransactionInfo info : pool.call("transactionInfos-solidity",
                    client -> client.transactionInfos(block, TronNode.SOLIDITY))) {
                if (!info.getId().isEmpty() && info.getBlockNumber() == block) {
                    infos.put(HexFormat.of().formatHex(info.getId().toByteArray()), info);
                }
            }
            for (int i : rows) {
                TrackedTransaction tracked = due.get(i);
                TransactionInfo info = infos.get(tracked.txHash().toLowerCase(Locale.ROOT));
                if (info == null) {
                    notInBlock.add(i);
                } else {
                    decided.put(i, Look.of(tracked, decide(tracked, info)));
                }
            }
        } catch (RuntimeException e) {
            for (int i : rows) {
                looks[i] = Look.failed(due.get(i), e);
            }
            return;
        }
        decided.forEach((i, look) -> looks[i] = look);
        perRow.addAll(notInBlock);
    }

    @Override
    public Verdict check(TrackedTransaction tracked) {
        return check(tracked, new Run());
    }

    private Verdict check(TrackedTransaction tracked, Run run) {
        String txid = tracked.txHash().toLowerCase(Locale.ROOT);
        // the solidified head first: if it moves before the lookups, the answer only gets more certain (in a run it
        // was read at the run's start, before every lookup of the run). Only an attempt with an expiration can be
        // DROPPED, and only that decision uses it: a deposit (no expiration) does not read it here (the read returns
        // the whole block with every transaction in it)
        TronBlock solidified = tracked.expirationAt() == null ? null : run.solidified();
        Optional<TransactionInfo> solid = pool.call("transactionInfo-solidity",
                client -> client.transactionInfo(txid, TronNode.SOLIDITY)).filter(info -> !info.getId().isEmpty());
        if (solid.isPresent()) {
            return decide(tracked, solid.get());
        }
        if (solidified != null && tracked.expirationAt().toEpochMilli() < solidified.timestampMillis()
                && pool.call("transaction-solidity", client -> client.transaction(txid, TronNode.SOLIDITY))
                        .filter(tx -> tx.hasRawData()).isEmpty()) {
            return new Verdict.Dropped(DropReason.EXPIRED, "expired at " + tracked.expirationAt()
                    + ", before solidified block " + solidified.number() + " and not on chain", solidified.number());
        }
        TronBlock head = run.head();
        Optional<TransactionInfo> unsolidified = pool.call("transactionInfo-full",
                client -> client.transactionInfo(txid, TronNode.FULL)).filter(info -> !info.getId().isEmpty());
        return unsolidified.map(info -> new Verdict.Pending(head.number(), info.getBlockNumber(), null,
                        "in block " + info.getBlockNumber() + ", not solidified yet"))
                .orElseGet(() -> new Verdict.Pending(head.number(), null, null, "not in a block"));
    }

    private Verdict decide(TrackedTransaction tracked, TransactionInfo info) {
        long blockNumber = info.getBlockNumber();
        String blockId = solidifiedBlockId(blockNumber);
        BigInteger fee = BigInteger.valueOf(info.getFee());
        contractResult result = info.getReceipt().getResult();
        if (info.getResult() != TransactionInfo.code.SUCESS || result != contractResult.SUCCESS) {
            FailureReason reason = switch (result) {
                case REVERT -> FailureReason.REVERTED;
                case OUT_OF_ENERGY -> FailureReason.OUT_OF_ENERGY;
                default -> FailureReason.OTHER;
            };
            String detail = result + (info.getResMessage().isEmpty() ? "" : ": " + info.getResMessage().toStringUtf8());
            return new Verdict.Failed(reason, detail, blockNumber, blockId, fee, FEE_UNIT);
        }
        List<Trc20Transfer> transfers = Trc20Transfer.fromTransactionInfo(info);
        for (Trc20Transfer transfer : transfers) {
            if (matches(tracked, transfer)) {
                return new Verdict.Final(blockNumber, blockId, new VerifiedTransfer(transfer.contract().base58(),
                        transfer.from().base58(), transfer.to().base58(), transfer.amount(), (long) transfer.logIndex()),
                        fee, FEE_UNIT);
            }
        }
        return new Verdict.Failed(FailureReason.MISMATCH, "no Transfer event matches token " + tracked.tokenContract()
                + " to " + tracked.toAddress() + " amount " + tracked.amount() + "; found " + transfers.stream()
                .map(t -> t.contract().base58() + " " + t.from().base58() + "→" + t.to().base58() + " " + t.amount())
                .collect(Collectors.joining("; ", "[", "]")), blockNumber, blockId, fee, FEE_UNIT);
    }

    /** The id of a block the solidity node has solidified (the transaction's info came from it). */
    private String solidifiedBlockId(long blockNumber) {
        String known = solidifiedBlockIds.get(blockNumber);
        if (known != null) {
            return known;
        }
        String id = pool.call("block-solidity", client -> client.blockByNumber(blockNumber, TronNode.SOLIDITY))
                .map(TronBlock::id)
                .orElseThrow(() -> new ChainException(FailureClass.RETRY, "NO_BLOCK",
                        "solidity node has the transaction but not its block " + blockNumber));
        solidifiedBlockIds.put(blockNumber, id);
        return id;
    }

    /**
     * The head reads of one run, each made at most once (a failed read is remembered: the run's other rows that need
     * it fail alike instead of asking again). Both return a whole block, so not once per row.
     */
    private final class Run {
        private final Once<TronBlock> solidified = new Once<>(
                () -> pool.call("solidifiedBlock", TronClient::solidifiedBlock));
        private final Once<TronBlock> head = new Once<>(() -> pool.call("nowBlock", TronClient::nowBlock));

        TronBlock solidified() {
            return solidified.get();
        }

        TronBlock head() {
            return head.get();
        }
    }

    /** A node read made at most once per run: its answer, or its failure, is kept and given again. */
    private static final class Once<T> {
        private final java.util.function.Supplier<T> read;
        private T value;
        private RuntimeException error;

        Once(java.util.function.Supplier<T> read) {
            this.read = read;
        }

        T get() {
            if (value == null && error == null) {
                try {
                    value = read.get();
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    private static boolean matches(TrackedTransaction tracked, Trc20Transfer transfer) {
        return transfer.contract().equals(TronAddress.parse(tracked.tokenContract()))
                && transfer.to().equals(TronAddress.parse(tracked.toAddress()))
                && transfer.amount().equals(tracked.amount())
                && (tracked.fromAddress() == null || transfer.from().equals(TronAddress.parse(tracked.fromAddress())))
                && (tracked.logIndex() == null || transfer.logIndex() == tracked.logIndex());
    }
}
