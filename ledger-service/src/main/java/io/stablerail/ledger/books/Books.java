package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.events.Topics;
import io.stablerail.events.ledger.EntryPosted;
import io.stablerail.events.ledger.HoldPosted;
import io.stablerail.events.ledger.HoldVoided;
import io.stablerail.messaging.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The books' application service. Every write is one database transaction: entries, postings, balance changes,
 * hold state and the outbox events commit together or not at all (DESIGN rules 3, 6, 8). Accounts an entry names are
 * created first, on their own (they are harmless if the entry is then refused), so the money transaction only waits on
 * balance rows, always locked in ascending account-id order. Called inside a caller's transaction (a consumer's inbox),
 * a write joins it.
 */
@Service
public class Books {

    /** Upper bound of entries recorded in one batch (DESIGN rule 11). */
    public static final int BATCH_MAX = 1_000;

    private final LedgerRepository repository;
    private final Outbox outbox;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate readOnly;

    public Books(LedgerRepository repository, Outbox outbox, Clock clock, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Records one entry. The same idempotency key with the same content returns the recorded entry
     * ({@code replayed}); with other content it is refused with {@code idempotency_key_reused}.
     */
    public PostedEntry post(EntryRequest request) {
        return postAll(List.of(request)).getFirst();
    }

    /** Records up to {@value #BATCH_MAX} entries atomically: all of them, or none if any is refused. */
    public List<PostedEntry> postAll(List<EntryRequest> requests) {
        if (requests.isEmpty() || requests.size() > BATCH_MAX) {
            throw LedgerException.invalid("a batch holds 1 to " + BATCH_MAX + " entries, got " + requests.size());
        }
        Set<AccountRef> accounts = new LinkedHashSet<>();
        requests.forEach(r -> r.postings().forEach(p -> accounts.add(p.account())));
        repository.resolveAccounts(accounts);
        return transaction.execute(status -> record(requests, true));
    }

    private List<PostedEntry> record(List<EntryRequest> requests, boolean compareContent) {
        Set<String> keys = new HashSet<>();
        Set<AccountRef> accounts = new LinkedHashSet<>();
        for (EntryRequest request : requests) {
            if (!keys.add(request.idempotencyKey())) {
                throw LedgerException.invalid("idempotency key " + request.idempotencyKey() + " twice in one batch");
            }
            request.postings().forEach(p -> accounts.add(p.account()));
        }
        Map<AccountRef, Long> accountIds = repository.resolveAccounts(accounts);
        // every balance row the batch may change, locked first and in ascending account-id order (the one lock order
        // of every writer); entries that turn out to be replays only cost an unneeded lock
        Map<Long, BigInteger> current = repository.lockBalances(accountIds.values());
        List<LedgerRepository.NewEntry> candidates = requests.stream()
                .map(r -> new LedgerRepository.NewEntry(TimeOrderedIds.next(), r, r.fingerprint())).toList();
        Map<String, Long> inserted = repository.insertEntriesIfAbsent(candidates, accountIds);

        Instant recordedAt = clock.instant();
        List<PostedEntry> results = new ArrayList<>(requests.size());
        Map<Long, BigInteger> deltas = new HashMap<>();
        Map<Long, AccountRef> accountsById = new HashMap<>();
        List<EventEnvelope> events = new ArrayList<>();
        for (LedgerRepository.NewEntry candidate : candidates) {
            EntryRequest request = candidate.request();
            if (!inserted.containsKey(request.idempotencyKey())) {
                results.add(existing(request, candidate.fingerprint(), compareContent));
                continue;
            }
            for (PostingLine line : request.postings()) {
                long accountId = accountIds.get(line.account());
                accountsById.put(accountId, line.account());
                deltas.merge(accountId, line.amount().multiply(BigInteger.valueOf(line.account().kind().creditSign())),
                        BigInteger::add);
            }
            PostedEntry entry = new PostedEntry(candidate.entryId(), request.idempotencyKey(), request.type(),
                    request.occurredAt(), recordedAt, request.reference(), request.metadata(), request.postings(),
                    false);
            results.add(entry);
            events.add(EventEnvelope.of(entryPosted(entry), recordedAt));
        }
        if (!events.isEmpty()) {
            applyBalances(current, deltas, accountsById);
            outbox.appendAll(Topics.LEDGER, events);
        }
        return results;
    }

    private PostedEntry existing(EntryRequest request, String fingerprint, boolean compareContent) {
        LedgerRepository.StoredEntry stored = repository.findEntry(request.idempotencyKey())
                .orElseThrow(() -> new IllegalStateException("entry " + request.idempotencyKey() + " vanished"));
        if (compareContent && !stored.fingerprint().equals(fingerprint)) {
            throw LedgerException.idempotencyKeyReused(request.idempotencyKey());
        }
        return stored.entry().asReplay();
    }

    /** Refuses any locked balance that would go below zero where not allowed, then applies the deltas. */
    private void applyBalances(Map<Long, BigInteger> current, Map<Long, BigInteger> deltas,
                               Map<Long, AccountRef> accountsById) {
        deltas.forEach((accountId, delta) -> {
            AccountRef account = accountsById.get(accountId);
            if (!account.kind().mayGoNegative() && current.get(accountId).add(delta).signum() < 0) {
                throw LedgerException.insufficientFunds(account.code());
            }
        });
        repository.addToBalances(deltas);
    }

    // ---- holds ------------------------------------------------------------------------------------------------

    /**
     * Moves {@code amount} from the merchant's available to its held account under the caller's hold id. Insufficient
     * available funds → {@code insufficient_funds} and no hold. The same request again returns the same hold.
     */
    public Hold reserve(HoldRequest request) {
        repository.resolveAccounts(List.of(AccountRef.merchantAvailable(request.merchantId(), request.currency()),
                AccountRef.merchantHeld(request.merchantId(), request.currency())));
        return transaction.execute(status -> reserveInTransaction(request));
    }

    private Hold reserveInTransaction(HoldRequest request) {
        String fingerprint = request.fingerprint();
        Optional<Hold> replay = replayOfReserve(request, fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        AccountRef available = AccountRef.merchantAvailable(request.merchantId(), request.currency());
        AccountRef held = AccountRef.merchantHeld(request.merchantId(), request.currency());
        EntryRequest entry = new EntryRequest("hold:" + request.holdId() + ":reserve", "HOLD_RESERVE",
                clock.instant(), request.reference(), Map.of("hold_id", request.holdId().toString()),
                List.of(PostingLine.debit(available, request.amount()), PostingLine.credit(held, request.amount())));
        PostedEntry posted = record(List.of(entry), false).getFirst();
        if (posted.replayed()) {
            // a concurrent identical reserve committed between our check and our insert
            return replayOfReserve(request, fingerprint).orElseThrow();
        }
        repository.insertHold(request, fingerprint, posted.entryId());
        return repository.findHold(request.holdId()).orElseThrow();
    }

    private Optional<Hold> replayOfReserve(HoldRequest request, String fingerprint) {
        return repository.lockHold(request.holdId()).map(locked -> {
            if (!locked.fingerprint().equals(fingerprint)) {
                throw LedgerException.idempotencyKeyReused("hold " + request.holdId());
            }
            return locked.hold();
        });
    }

    /**
     * Posts a pending hold: {@code amount} (at most the hold) goes to {@code destination}, the rest back to available.
     * At most once; posting again with the same arguments returns the posted hold.
     */
    public Hold post(UUID holdId, BigInteger amount, AccountRef destination) {
        preResolve(holdId, destination);
        return transaction.execute(status -> postInTransaction(holdId, amount, destination, BigInteger.ZERO, null));
    }

    /**
     * Posts a pending hold in two parts: {@code amount} to {@code destination} and {@code charge} (&gt; 0) to
     * {@code chargeTo} — the platform's {@code FEE_REVENUE} in the hold's currency (a network fee the merchant pays) —
     * the rest back to available. At most once; posting again with the same arguments returns the posted hold.
     */
    public Hold postWithCharge(UUID holdId, BigInteger amount, AccountRef destination, BigInteger charge,
                               AccountRef chargeTo) {
        if (charge == null || charge.signum() <= 0 || chargeTo == null || chargeTo.kind() != AccountKind.FEE_REVENUE) {
            throw LedgerException.invalid("a charge is > 0 and goes to FEE_REVENUE");
        }
        preResolve(holdId, destination);
        preResolve(holdId, chargeTo);
        return transaction.execute(status -> postInTransaction(holdId, amount, destination, charge, chargeTo));
    }

    private Hold postInTransaction(UUID holdId, BigInteger amount, AccountRef destination, BigInteger charge,
                                   AccountRef chargeTo) {
        LedgerRepository.LockedHold locked = repository.lockHold(holdId)
                .orElseThrow(() -> LedgerException.holdNotFound(holdId));
        Hold hold = locked.hold();
        boolean charged = charge.signum() > 0;
        String resolution = EntryRequest.sha256("POST|" + amount + "|" + destination.code()
                + (charged ? "|" + charge + "|" + chargeTo.code() : ""));
        if (hold.status() != HoldStatus.PENDING) {
            return replayOfResolution(locked, resolution);
        }
        BigInteger posted = amount.add(charge);
        if (amount.signum() <= 0 || posted.compareTo(hold.amount()) > 0) {
            throw LedgerException.invalid("posted amount must be > 0 and, with any charge, <= the hold's "
                    + hold.amount());
        }
        if (destination.currency() != hold.currency() || destination.isMerchant()
                || charged && (chargeTo.currency() != hold.currency() || chargeTo.isMerchant())) {
            throw LedgerException.invalid("a hold posts to a platform account in " + hold.currency());
        }
        List<PostingLine> lines = new ArrayList<>();
        lines.add(PostingLine.debit(AccountRef.merchantHeld(hold.merchantId(), hold.currency()), hold.amount()));
        lines.add(PostingLine.credit(destination, amount));
        if (charged) {
            lines.add(PostingLine.credit(chargeTo, charge));
        }
        BigInteger rest = hold.amount().subtract(posted);
        if (rest.signum() > 0) {
            lines.add(PostingLine.credit(AccountRef.merchantAvailable(hold.merchantId(), hold.currency()), rest));
        }
        PostedEntry entry = resolveEntry(hold, "HOLD_POST", lines);
        repository.resolveHold(holdId, HoldStatus.POSTED, posted, entry.entryId(), resolution);
        outbox.append(Topics.LEDGER, EventEnvelope.of(new HoldPosted(holdId.toString(), hold.merchantId(),
                hold.currency().name(), hold.amount().toString(), posted.toString(), entry.entryId().toString()),
                clock.instant()));
        return repository.findHold(holdId).orElseThrow();
    }

    /** Releases a pending hold in full. At most once; voiding a voided hold returns it. */
    public Hold voidHold(UUID holdId) {
        preResolve(holdId, null);
        return transaction.execute(status -> release(repository.lockHold(holdId)
                .orElseThrow(() -> LedgerException.holdNotFound(holdId)), HoldStatus.VOIDED));
    }

    /** Releases a pending hold whose expiry passed; a hold resolved meanwhile is left alone. */
    public Optional<Hold> expire(UUID holdId) {
        preResolve(holdId, null);
        return transaction.execute(status -> {
            LedgerRepository.LockedHold locked = repository.lockHold(holdId).orElseThrow();
            if (locked.hold().status() != HoldStatus.PENDING) {
                return Optional.<Hold>empty();
            }
            return Optional.of(release(locked, HoldStatus.EXPIRED));
        });
    }

    private void preResolve(UUID holdId, AccountRef destination) {
        Hold hold = repository.findHold(holdId).orElseThrow(() -> LedgerException.holdNotFound(holdId));
        List<AccountRef> accounts = new ArrayList<>(List.of(
                AccountRef.merchantAvailable(hold.merchantId(), hold.currency()),
                AccountRef.merchantHeld(hold.merchantId(), hold.currency())));
        if (destination != null) {
            accounts.add(destination);
        }
        repository.resolveAccounts(accounts);
    }

    /** Releases the hold whose row the caller has locked. */
    private Hold release(LedgerRepository.LockedHold locked, HoldStatus outcome) {
        Hold hold = locked.hold();
        UUID holdId = hold.id();
        String resolution = EntryRequest.sha256(outcome.name());
        if (hold.status() != HoldStatus.PENDING) {
            return replayOfResolution(locked, resolution);
        }
        PostedEntry entry = resolveEntry(hold, outcome == HoldStatus.EXPIRED ? "HOLD_EXPIRE" : "HOLD_VOID", List.of(
                PostingLine.debit(AccountRef.merchantHeld(hold.merchantId(), hold.currency()), hold.amount()),
                PostingLine.credit(AccountRef.merchantAvailable(hold.merchantId(), hold.currency()), hold.amount())));
        repository.resolveHold(holdId, outcome, null, entry.entryId(), resolution);
        outbox.append(Topics.LEDGER, EventEnvelope.of(new HoldVoided(holdId.toString(), hold.merchantId(),
                hold.currency().name(), hold.amount().toString(), outcome.name(), entry.entryId().toString()),
                clock.instant()));
        return repository.findHold(holdId).orElseThrow();
    }

    private PostedEntry resolveEntry(Hold hold, String type, List<PostingLine> lines) {
        EntryRequest request = new EntryRequest("hold:" + hold.id() + ":resolve", type, clock.instant(),
                hold.reference(), Map.of("hold_id", hold.id().toString()), lines);
        return record(List.of(request), false).getFirst();
    }

    private static Hold replayOfResolution(LedgerRepository.LockedHold locked, String resolution) {
        if (resolution.equals(locked.resolveFingerprint())) {
            return locked.hold();
        }
        throw LedgerException.holdAlreadyResolved(locked.hold().id(), locked.hold().status());
    }

    @Transactional(readOnly = true)
    public Optional<Hold> hold(UUID holdId) {
        return repository.findHold(holdId);
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    /**
     * Available, held and total per currency, now or as of a past instant. Now is one statement over the balance rows
     * (consistent by itself, no transaction round trips: this read sits behind every withdrawal check); as of an
     * instant sums postings in one read-only transaction.
     */
    public List<MerchantBalance> merchantBalances(String merchantId, Instant asOf) {
        List<Currency> currencies = Arrays.stream(Currency.values()).filter(Currency::isStablecoin).toList();
        if (asOf == null) {
            List<AccountRef> accounts = new ArrayList<>();
            currencies.forEach(c -> {
                accounts.add(AccountRef.merchantAvailable(merchantId, c));
                accounts.add(AccountRef.merchantHeld(merchantId, c));
            });
            Map<AccountRef, BigInteger> now = repository.balances(accounts);
            return currencies.stream().map(c -> new MerchantBalance(c,
                    now.getOrDefault(AccountRef.merchantAvailable(merchantId, c), BigInteger.ZERO),
                    now.getOrDefault(AccountRef.merchantHeld(merchantId, c), BigInteger.ZERO))).toList();
        }
        return readOnly.execute(status -> currencies.stream().map(c -> new MerchantBalance(c,
                repository.balanceAsOf(AccountRef.merchantAvailable(merchantId, c), asOf),
                repository.balanceAsOf(AccountRef.merchantHeld(merchantId, c), asOf))).toList());
    }

    @Transactional(readOnly = true)
    public List<AccountBalance> platformWalletBalances() {
        return repository.platformWalletBalances();
    }

    @Transactional(readOnly = true)
    public List<StatementLine> statement(String merchantId, Currency currency, long startingAfter, int limit) {
        return repository.statement(merchantId, currency, startingAfter, limit);
    }

    /** Expires at most {@code limit} overdue holds, each in its own transaction through {@link #expire}. */
    public List<UUID> overdueHolds(int limit) {
        return repository.expiredHoldIds(clock.instant(), limit);
    }

    private static EntryPosted entryPosted(PostedEntry entry) {
        return new EntryPosted(entry.entryId().toString(), entry.idempotencyKey(), entry.type(), entry.occurredAt(),
                entry.reference(), entry.postings().stream().map(p -> new EntryPosted.Posting(p.account().code(),
                        p.currency().name(), p.amount().toString())).toList());
    }
}
