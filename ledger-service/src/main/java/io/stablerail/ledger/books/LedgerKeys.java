package io.stablerail.ledger.books;

/**
 * Idempotency keys of entries derived from chain facts (DESIGN rule 3): one accounting transition per on-chain
 * transfer, whoever reports it and however often.
 */
public final class LedgerKeys {

    private LedgerKeys() {
    }

    /** {@code sha256(chain_id | tx_hash | log_index | entry_type)}, hex; the tx hash is lower-cased. */
    public static String chainFact(String chainId, String txHash, long logIndex, String entryType) {
        return EntryRequest.sha256(chainId + "|" + txHash.toLowerCase(java.util.Locale.ROOT) + "|" + logIndex + "|"
                + entryType);
    }
}
