package io.stablerail.confirmation.tracking.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.BlockTag;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmBlock;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmLog;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.EvmTransaction;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.FinalityRule;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.confirmation.tracking.ChainObserver;
import io.stablerail.confirmation.tracking.Look;
import io.stablerail.confirmation.tracking.TrackedTransaction;
import io.stablerail.confirmation.tracking.Verdict;
import io.stablerail.confirmation.tracking.VerifiedTransfer;
import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;

/**
 * The checklist on an EVM chain. Finality point: the {@code finalized} tag, or head − depth + 1 for a depth rule. A
 * transaction is decided only when its receipt's block is at or below that point and is still the canonical block
 * at its height; then it is FINAL (succeeded, with a Transfer log of the expected contract, to, amount, and from /
 * log index when given), FAILED REVERTED (status 0), or FAILED MISMATCH. A self-send (an ops cancel or nonce gap
 * filler) is FINAL when it is the wallet's zero-value send to itself at the tracked nonce. An unmined withdrawal or
 * self-send whose nonce is consumed at the finality point is DROPPED.
 */
final class EvmObserver implements ChainObserver, AutoCloseable {

    static final String FEE_UNIT = "wei";
    private static final String TX_HASH = "0x[0-9a-fA-F]{64}";

    private final ChainSpec chain;
    private final EndpointPool<EvmClient> pool;
    private final Set<EvmAddress> tokens;

    EvmObserver(ChainSpec chain, EndpointPool<EvmClient> pool) {
        this.chain = chain;
        this.pool = pool;
        this.tokens = chain.tokens().values().stream().map(TokenSpec::contract).map(EvmAddress::parse)
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
        if (!request.txHash().matches(TX_HASH)) {
            throw new IllegalArgumentException("not an EVM transaction hash: " + request.txHash());
        }
        if (request.purpose() == TrackPurpose.SELF_SEND) {
            EvmAddress.parse(request.fromAddress());
            return;
        }
        if (!tokens.contains(EvmAddress.parse(request.tokenContract()))) {
            throw new IllegalArgumentException(request.tokenContract() + " is not a token of " + chain.name());
        }
        EvmAddress.parse(request.toAddress());
        if (request.fromAddress() != null && !request.fromAddress().isBlank()) {
            EvmAddress.parse(request.fromAddress());
        }
    }

    @Override
    public Verdict check(TrackedTransaction tracked) {
        long head = pool.call("block-latest", client -> client.block(BlockTag.LATEST)).number();
        return check(tracked, head, finalityPoint(head));
    }

    /**
     * One run: the head and the finality point are read once, not once per row. A row already seen mined in a block
     * above the finality point (and not above the head) is left as it is without a node call — nothing about it can
     * be decided before the finality point passes that block, and a reorg that moves or removes it is seen then. Every
     * other row gets its own receipt lookup. If the head or the finality point cannot be read, every row's look fails.
     */
    @Override
    public List<Look> checkAll(List<TrackedTransaction> due) {
        long head;
        long finality;
        try {
            head = pool.call("block-latest", client -> client.block(BlockTag.LATEST)).number();
            finality = finalityPoint(head);
        } catch (RuntimeException e) {
            return due.stream().map(row -> Look.failed(row, e)).toList();
        }
        List<Look> looks = new ArrayList<>(due.size());
        for (TrackedTransaction row : due) {
            Long seen = row.blockSeenNumber();
            if (seen != null && seen > finality && seen <= head) {
                looks.add(Look.of(row, new Verdict.Pending(head, seen, row.blockSeenHash(),
                        "in block " + seen + ", not final yet (finality point " + finality + ")")));
                continue;
            }
            try {
                looks.add(Look.of(row, check(row, head, finality)));
            } catch (RuntimeException e) {
                looks.add(Look.failed(row, e));
            }
        }
        return looks;
    }

    private Verdict check(TrackedTransaction tracked, long head, long finality) {
        String hash = tracked.txHash().toLowerCase(Locale.ROOT);
        Optional<EvmReceipt> found = pool.call("receipt", client -> client.receipt(hash));
        if (found.isEmpty()) {
            return notMined(tracked, hash, head, finality);
        }
        EvmReceipt receipt = found.get();
        if (receipt.blockNumber() > finality) {
            return new Verdict.Pending(head, receipt.blockNumber(), receipt.blockHash(), "mined, not final yet");
        }
        Optional<String> canonical = pool.call("block", client -> client.block(receipt.blockNumber()))
                .map(EvmBlock::hash);
        if (canonical.isEmpty() || !canonical.get().equalsIgnoreCase(receipt.blockHash())) {
            return new Verdict.Pending(head, receipt.blockNumber(), receipt.blockHash(),
                    "receipt block is no longer canonical (reorg)");
        }
        BigInteger fee = fee(receipt);
        if (!receipt.succeeded()) {
            return new Verdict.Failed(FailureReason.REVERTED, "status 0x0 (reverted)", receipt.blockNumber(),
                    receipt.blockHash(), fee, FEE_UNIT);
        }
        if (tracked.purpose() == TrackPurpose.SELF_SEND) {
            return selfSend(tracked, hash, receipt, fee, head);
        }
        List<Erc20Transfer> transfers = transfers(receipt);
        for (Erc20Transfer transfer : transfers) {
            if (matches(tracked, transfer)) {
                return new Verdict.Final(receipt.blockNumber(), receipt.blockHash(), new VerifiedTransfer(
                        transfer.token().checksummed(), transfer.from().checksummed(), transfer.to().checksummed(),
                        transfer.amount(), transfer.logIndex()), fee, FEE_UNIT);
            }
        }
        return new Verdict.Failed(FailureReason.MISMATCH, "no Transfer log matches " + expected(tracked) + "; found "
                + describe(transfers), receipt.blockNumber(), receipt.blockHash(), fee, FEE_UNIT);
    }

    /**
     * A mined, succeeded self-send: final only when the transaction really is the wallet's zero-value send to itself
     * at the tracked nonce (read from the node: the receipt alone does not carry from, to, value and nonce).
     */
    private Verdict selfSend(TrackedTransaction tracked, String hash, EvmReceipt receipt, BigInteger fee, long head) {
        EvmAddress wallet = EvmAddress.parse(tracked.fromAddress());
        Optional<EvmTransaction> found = pool.call("transaction", client -> client.transaction(hash));
        if (found.isEmpty()) { // a receipt without its transaction: a node behind its own index; look again
            return new Verdict.Pending(head, receipt.blockNumber(), receipt.blockHash(),
                    "receipt seen, transaction not served yet");
        }
        EvmTransaction tx = found.get();
        if (tx.from().equals(wallet) && tx.to().filter(wallet::equals).isPresent() && tx.value().signum() == 0
                && tx.nonce().equals(BigInteger.valueOf(tracked.nonce())) && receipt.logs().isEmpty()) {
            return new Verdict.Final(receipt.blockNumber(), receipt.blockHash(),
                    VerifiedTransfer.selfSend(wallet.checksummed()), fee, FEE_UNIT);
        }
        return new Verdict.Failed(FailureReason.MISMATCH, "not a zero-value self-send of " + wallet + " at nonce "
                + tracked.nonce() + ": from " + tx.from() + " to " + tx.to().map(EvmAddress::toString).orElse("(create)")
                + " value " + tx.value() + " nonce " + tx.nonce() + ", " + receipt.logs().size() + " log(s)",
                receipt.blockNumber(), receipt.blockHash(), fee, FEE_UNIT);
    }

    private long finalityPoint(long head) {
        return switch (chain.finality()) {
            case FinalityRule.FinalizedTag tag -> pool.call("block-finalized",
                    client -> client.block(BlockTag.FINALIZED)).number();
            case FinalityRule.Depth depth -> head - depth.blocks() + 1;
            case FinalityRule.TronSolidified solidified ->
                    throw new IllegalStateException(chain.name() + " is not an EVM chain");
        };
    }

    private Verdict notMined(TrackedTransaction tracked, String hash, long head, long finality) {
        if (tracked.purpose() != TrackPurpose.DEPOSIT && tracked.nonce() != null && finality >= 0) {
            EvmAddress sender = EvmAddress.parse(tracked.fromAddress());
            // the nonce is consumed in a final block and this transaction (checked again after, on the same node) is
            // not on chain
            if (pool.call("nonce-at-finality", client -> client.nonceAt(sender, finality)
                    .compareTo(BigInteger.valueOf(tracked.nonce())) > 0 && client.receipt(hash).isEmpty())) {
                return new Verdict.Dropped(DropReason.NONCE_CONSUMED, "nonce " + tracked.nonce() + " of " + sender
                        + " is consumed at final block " + finality + " by another transaction", finality);
            }
        }
        return new Verdict.Pending(head, null, null, "not mined");
    }

    private static BigInteger fee(EvmReceipt receipt) {
        if (receipt.effectiveGasPrice() == null) {
            throw new ChainException(FailureClass.RETRY, "NO_EFFECTIVE_GAS_PRICE",
                    "receipt " + receipt.transactionHash() + " has no effectiveGasPrice; the fee cannot be booked");
        }
        return receipt.gasUsed().multiply(receipt.effectiveGasPrice());
    }

    private static List<Erc20Transfer> transfers(EvmReceipt receipt) {
        List<Erc20Transfer> transfers = new ArrayList<>();
        for (EvmLog log : receipt.logs()) {
            if (log.removed()) {
                continue;
            }
            try {
                Erc20Transfer.decode(log).ifPresent(transfers::add);
            } catch (IllegalArgumentException malformed) {
                // a Transfer-shaped log with bad topics or data cannot be the expected transfer
            }
        }
        return transfers;
    }

    private static boolean matches(TrackedTransaction tracked, Erc20Transfer transfer) {
        return transfer.token().equals(EvmAddress.parse(tracked.tokenContract()))
                && transfer.to().equals(EvmAddress.parse(tracked.toAddress()))
                && transfer.amount().equals(tracked.amount())
                && (tracked.fromAddress() == null || transfer.from().equals(EvmAddress.parse(tracked.fromAddress())))
                && (tracked.logIndex() == null || transfer.logIndex() == tracked.logIndex());
    }

    private static String expected(TrackedTransaction tracked) {
        return "token " + tracked.tokenContract() + " from " + (tracked.fromAddress() == null ? "*" : tracked.fromAddress())
                + " to " + tracked.toAddress() + " amount " + tracked.amount()
                + (tracked.logIndex() == null ? "" : " log " + tracked.logIndex());
    }

    private static String describe(List<Erc20Transfer> transfers) {
        if (transfers.isEmpty()) {
            return "no Transfer logs";
        }
        return transfers.stream().map(t -> "token " + t.token() + " from " + t.from() + " to " + t.to() + " amount "
                + t.amount() + " log " + t.logIndex()).collect(Collectors.joining("; "));
    }
}
