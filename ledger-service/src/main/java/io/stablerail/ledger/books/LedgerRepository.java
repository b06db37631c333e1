package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Persistence port of the books. Every method joins the caller's transaction. */
public interface LedgerRepository {

    /** Database ids of the accounts, creating missing ones in their own committed transaction. */
    Map<AccountRef, Long> resolveAccounts(Collection<AccountRef> accounts);

    /** A new entry to write: its key, fingerprint and postings. */
    record NewEntry(UUID entryId, EntryRequest request, String fingerprint) {
    }

    /**
     * Inserts the entries whose keys are new together with their postings, in one statement (the database checks that
     * every entry it writes has its postings); returns the database id of each inserted entry, by key. Entries whose
     * key exists are skipped, postings and all.
     */
    Map<String, Long> insertEntriesIfAbsent(List<NewEntry> entries, Map<AccountRef, Long> accountIds);

    /** The recorded entry with this key, with its fingerprint. */
    Optional<StoredEntry> findEntry(String idempotencyKey);

    record StoredEntry(long id, String fingerprint, PostedEntry entry) {
    }

    /**
     * Locks the balance rows in ascending account-id order (the one lock order of every writer, so writers never
     * deadlock) and returns their current balances (normal side).
     */
    Map<Long, BigInteger> lockBalances(Collection<Long> accountIds);

    /** Adds each delta (normal side) to its balance; the rows must be locked by {@link #lockBalances}. */
    void addToBalances(Map<Long, BigInteger> deltas);

    /** Current balances (normal side) of the accounts that exist, read by one statement; absent accounts are missing. */
    Map<AccountRef, BigInteger> balances(Collection<AccountRef> accounts);

    /** Sum of postings of the account recorded at or before {@code asOf}, on its normal side. */
    BigInteger balanceAsOf(AccountRef account, Instant asOf);

    List<AccountBalance> platformWalletBalances();

    List<StatementLine> statement(String merchantId, Currency currency, long startingAfter, int limit);

    // Holds

    /** Inserts a PENDING hold; false when a hold with this id already exists. */
    boolean insertHold(HoldRequest request, String fingerprint, UUID reserveEntryId);

    Optional<Hold> findHold(UUID holdId);

    /** The hold's fingerprint and resolution fingerprint, locked FOR UPDATE. */
    Optional<LockedHold> lockHold(UUID holdId);

    record LockedHold(Hold hold, String fingerprint, String resolveFingerprint) {
    }

    void resolveHold(UUID holdId, HoldStatus status, BigInteger postedAmount, UUID resolveEntryId,
                     String resolveFingerprint);

    /** Ids of up to {@code limit} PENDING holds past their expiry, oldest first. */
    List<UUID> expiredHoldIds(Instant now, int limit);
}
