package io.stablerail.deposit.deposits;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence port of deposits. Every method joins the caller's transaction. */
public interface DepositRepository {

    /** Inserts the deposits not recorded yet (one statement, ON CONFLICT DO NOTHING); returns the ids inserted. */
    List<UUID> insertNew(Collection<Deposit> deposits, DepositSource source);

    /**
     * Scanner re-observation: ORPHANED deposits become DETECTED again, DETECTED ones in another block move to the
     * observed block — only where the recorded facts (contract, to, amount) are the same. Returns the ids changed.
     */
    List<UUID> redetect(Collection<Deposit> observed);

    /** DETECTED deposits of the chain in blocks above {@code blockNumber} become ORPHANED; returns them. */
    List<Deposit> orphanAbove(String chain, long blockNumber);

    /**
     * DETECTED deposits of the chain at these heights whose block hash is not the canonical one given (reported from a
     * fork, e.g. by a webhook, and not re-observed by the scanner) become ORPHANED; returns them as they were.
     */
    List<Deposit> orphanOffCanonical(String chain, java.util.Map<Long, String> canonicalHashes);

    /**
     * Of these just-inserted deposits, those whose height the scanner already recorded with another block hash (a
     * late report from a fork) become ORPHANED; returns them as they were.
     */
    List<Deposit> orphanBehindScanner(Collection<UUID> depositIds);

    /** CONFIRMED or CREDITED deposits in scanned blocks above {@code blockNumber} (the blocks a reorg replaces). */
    long settledInScannedBlocksAbove(String chain, long blockNumber);

    /** A deposit's natural key. */
    record Key(String chain, String txHash, long logIndex) {
    }

    /** The deposits with these keys (those that exist), locked for update in deposit-id order. */
    List<Deposit> lockAll(java.util.Collection<Key> keys);

    /** The deposits with these ids (those that exist). */
    List<Deposit> findAll(java.util.Collection<UUID> depositIds);

    /** {@code from → to} for those of {@code depositIds} still in {@code from}; returns the ids changed. */
    java.util.Set<UUID> transitionAll(java.util.Collection<UUID> depositIds, DepositStatus from, DepositStatus to);

    /** The deposit, locked for update. */
    Optional<Deposit> lock(String chain, String txHash, long logIndex);

    Optional<Deposit> find(UUID depositId);

    /** At most {@code limit} deposits of the merchant with {@code seq > afterSeq}, oldest first. */
    List<DepositRecord> list(String merchantId, long afterSeq, int limit);

    Optional<DepositRecord> record(String merchantId, UUID depositId);

    /** Moves one deposit from {@code from} to {@code to}; false if it was not in {@code from}. */
    boolean transition(UUID depositId, DepositStatus from, DepositStatus to);
}
