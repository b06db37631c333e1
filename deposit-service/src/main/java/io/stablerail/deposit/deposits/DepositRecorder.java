package io.stablerail.deposit.deposits;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.AddressKeys;
import io.stablerail.deposit.addresses.AddressMatch;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.deposit.DepositDetected;
import io.stablerail.events.deposit.DepositOrphaned;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.messaging.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one path by which observed transfers become deposits, for scanners and webhooks alike. A transfer becomes a
 * deposit only if its contract is a token of that chain (matched by contract, never by symbol) and its {@code to} is
 * one of our addresses (one indexed lookup per batch). Deposits are inserted in one statement per batch with
 * {@code ON CONFLICT DO NOTHING} on (chain, tx hash, log index), and each new one appends {@code deposit.detected} to
 * the outbox in the same transaction — the caller's, when there is one (the scanner advances its cursor in it).
 *
 * <p>Re-inclusion: a deposit ORPHANED by a reorg whose same (chain, tx hash, log index) the scanner observes again in
 * a canonical block becomes DETECTED again with the new block number and hash — the same row, never a second one —
 * and {@code deposit.detected} is published again. (On EVM the log index is block-wide, so a transaction re-included
 * at another position has a new key: that is a new deposit, and the orphaned row stays ORPHANED and is never
 * credited.)
 */
@Service
public class DepositRecorder {

    /** Outcome of one batch: deposits inserted, deposits re-detected, transfers that were not ours. */
    public record Recorded(List<UUID> inserted, List<UUID> redetected, int ignored) {
    }

    /** Transfers per statement (address lookup, insert, re-detection). */
    public static final int BATCH_MAX = 5_000;

    private final DepositRepository deposits;
    private final AddressBook addresses;
    private final TokenCatalog tokens;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    public DepositRecorder(DepositRepository deposits, AddressBook addresses, TokenCatalog tokens, Outbox outbox,
                           PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.deposits = deposits;
        this.addresses = addresses;
        this.tokens = tokens;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records the transfers in one transaction (the caller's if there is one), in statements of at most
     * {@link #BATCH_MAX} transfers each.
     */
    public Recorded record(DepositSource source, List<ObservedTransfer> transfers) {
        if (transfers.isEmpty()) {
            return new Recorded(List.of(), List.of(), 0);
        }
        List<ObservedTransfer> ordered = transfers.stream().sorted(java.util.Comparator.comparing(
                (ObservedTransfer t) -> Deposit.idOf(t.chain(), ChainHashes.normalize(t.chain(), t.txHash()), t.logIndex()))).toList();
        return transaction.execute(status -> {
            List<UUID> inserted = new ArrayList<>();
            List<UUID> redetected = new ArrayList<>();
            int ignored = 0;
            for (int from = 0; from < transfers.size(); from += BATCH_MAX) {
                Recorded chunk = recordInTransaction(source,
                        ordered.subList(from, Math.min(ordered.size(), from + BATCH_MAX)));
                inserted.addAll(chunk.inserted());
                redetected.addAll(chunk.redetected());
                ignored += chunk.ignored();
            }
            return new Recorded(List.copyOf(inserted), List.copyOf(redetected), ignored);
        });
    }

    private Recorded recordInTransaction(DepositSource source, List<ObservedTransfer> transfers) {
        Map<UUID, Candidate> candidates = candidates(transfers);
        Map<String, AddressMatch> owners = addresses.match(candidates.values().stream().map(Candidate::toKey).toList());
        // In deposit id order (the whole batch is sorted before it is chunked): concurrent writers of overlapping
        // batches (scanner, webhooks, replays) take the unique keys in one order, so they wait instead of deadlocking.
        Map<UUID, Deposit> ours = new java.util.TreeMap<>();
        candidates.forEach((id, candidate) -> {
            AddressMatch owner = owners.get(candidate.toKey());
            if (owner != null) {
                ours.put(id, candidate.deposit(owner, tokens));
            }
        });
        int ignored = transfers.size() - ours.size();
        if (ours.isEmpty()) {
            return new Recorded(List.of(), List.of(), ignored);
        }
        List<UUID> inserted = deposits.insertNew(ours.values(), source);
        List<UUID> redetected = List.of();
        if (source == DepositSource.SCANNER) {
            Set<UUID> insertedSet = new HashSet<>(inserted);
            redetected = deposits.redetect(ours.values().stream()
                    .filter(d -> !insertedSet.contains(d.depositId())).toList());
        }
        List<EventEnvelope> events = new ArrayList<>();
        for (UUID id : inserted) {
            events.add(detected(ours.get(id)));
            count(ours.get(id).chain(), ours.get(id).status());
        }
        for (UUID id : redetected) {
            events.add(detected(withStatus(ours.get(id), DepositStatus.DETECTED)));
        }
        // confirmation-worker follows each new deposit to finality (a re-detected one is still tracked: the worker
        // keeps following a transaction whose block changed until it is final on the canonical chain). The track
        // requests go into the outbox first, so the relay publishes them first: they are on the way to credit, the
        // deposit.detected announcements are not. No consumer can see an order between the two topics, and each
        // deposit's own events on the deposits topic stay in order (deposit.confirmed is written by a later commit).
        outbox.appendAll(Topics.TRACK_REQUESTS, inserted.stream().map(ours::get)
                .filter(d -> d.status() == DepositStatus.DETECTED).map(this::trackRequest).toList());
        outbox.appendAll(Topics.DEPOSITS, events);
        if (source == DepositSource.WEBHOOK) {
            // A late webhook from a fork, at a height the scanner already passed with another hash: orphan it now (the
            // scanner will not come back to that height unless a reorg rewinds it there).
            announceOrphans(deposits.orphanBehindScanner(inserted));
        }
        return new Recorded(inserted, redetected, ignored);
    }

    /**
     * Marks the DETECTED deposits above the common ancestor ORPHANED and announces each; in the caller's
     * transaction.
     */
    public List<Deposit> orphanAbove(String chain, long ancestorBlock) {
        return transaction.execute(status -> announceOrphans(deposits.orphanAbove(chain, ancestorBlock)));
    }

    /**
     * Confirmed or credited deposits in the scanned blocks above the common ancestor: a reorg that replaces them went
     * deeper than finality. They are never changed automatically (DESIGN rule 10); the caller raises the alarm.
     */
    public long settledInReplacedBlocks(String chain, long ancestorBlock) {
        return deposits.settledInScannedBlocksAbove(chain, ancestorBlock);
    }

    /**
     * After the scanner recorded a range: DETECTED deposits at those heights whose block hash is not the canonical one
     * (a webhook reported them from a fork and the canonical block does not carry them) become ORPHANED.
     */
    public List<Deposit> orphanOffCanonical(String chain, Map<Long, String> canonicalHashes) {
        return transaction.execute(status -> announceOrphans(
                deposits.orphanOffCanonical(chain, canonicalHashes)));
    }

    private List<Deposit> announceOrphans(List<Deposit> orphaned) {
        outbox.appendAll(Topics.DEPOSITS, orphaned.stream().map(d -> EventEnvelope.of(new DepositOrphaned(
                d.depositId().toString(), d.merchantId(), d.chain(), d.txHash(), d.logIndex(), d.blockNumber(),
                d.blockHash()), clock.instant())).toList());
        orphaned.forEach(d -> Counter.builder("deposit.orphaned").tag("chain", d.chain()).register(meters)
                .increment());
        return orphaned;
    }

    private void count(String chain, DepositStatus status) {
        Counter.builder(status == DepositStatus.BELOW_MINIMUM ? "deposit.below.minimum" : "deposit.detected")
                .description("Deposits recorded, per chain").tag("chain", chain).register(meters).increment();
    }

    private EventEnvelope trackRequest(Deposit d) {
        return EventEnvelope.of(new TrackRequest(TrackPurpose.DEPOSIT, d.depositId().toString(), d.chain(), d.txHash(),
                d.tokenContract(), d.fromAddress(), d.toAddress(), d.amount().toString(), d.logIndex(), null, null,
                clock.instant(), d.blockNumber()), clock.instant());
    }

    private EventEnvelope detected(Deposit d) {
        return EventEnvelope.of(new DepositDetected(d.depositId().toString(), d.merchantId(), d.chain(), d.txHash(),
                d.logIndex(), d.blockNumber(), d.blockHash(), d.tokenContract(), d.currency(), d.amount().toString(),
                d.fromAddress(), d.toAddress(), d.customerReference(), d.status().name()), clock.instant());
    }

    private static Deposit withStatus(Deposit d, DepositStatus status) {
        return new Deposit(d.depositId(), d.chain(), d.txHash(), d.logIndex(), d.blockNumber(), d.blockHash(),
                d.tokenContract(), d.currency(), d.amount(), d.fromAddress(), d.toAddress(), d.merchantId(),
                d.addressId(), status, d.customerReference());
    }

    /** A transfer of a known token with a well-formed, positive amount and recipient; keyed by deposit id (deduped). */
    private record Candidate(ObservedTransfer transfer, TokenSpec token, String txHash, String toKey, String fromKey) {

        Deposit deposit(AddressMatch owner, TokenCatalog tokens) {
            DepositStatus status = transfer.amount().compareTo(tokens.minimumBaseUnits(token)) < 0
                    ? DepositStatus.BELOW_MINIMUM : DepositStatus.DETECTED;
            return new Deposit(Deposit.idOf(transfer.chain(), txHash, transfer.logIndex()), transfer.chain(), txHash,
                    transfer.logIndex(), transfer.blockNumber(),
                    ChainHashes.normalize(transfer.chain(), transfer.blockHash()),
                    token.contract(), token.symbol(), transfer.amount(), fromKey, owner.address(), owner.merchantId(),
                    owner.addressId(), status, owner.customerReference());
        }
    }

    private Map<UUID, Candidate> candidates(List<ObservedTransfer> transfers) {
        Map<UUID, Candidate> candidates = new LinkedHashMap<>();
        for (ObservedTransfer transfer : transfers) {
            Optional<TokenSpec> token = tokens.token(transfer.chain(), transfer.tokenContract());
            if (token.isEmpty() || transfer.amount().signum() <= 0) {
                continue;
            }
            ChainFamily family = ChainRegistry.knownChain(transfer.chain()).family();
            String toKey = AddressKeys.of(family, transfer.to());
            if (toKey == null) {
                continue;
            }
            String fromKey = Optional.ofNullable(AddressKeys.of(family, transfer.from())).orElse(
                    String.valueOf(transfer.from()));
            String txHash = ChainHashes.normalize(family, transfer.txHash());
            candidates.putIfAbsent(Deposit.idOf(transfer.chain(), txHash, transfer.logIndex()),
                    new Candidate(transfer, token.get(), txHash, toKey, fromKey));
        }
        return candidates;
    }

    /** For tests and replays: the deposits whose ids these are. */
    public List<Deposit> find(Collection<UUID> ids) {
        return ids.stream().map(deposits::find).flatMap(Optional::stream).toList();
    }
}
