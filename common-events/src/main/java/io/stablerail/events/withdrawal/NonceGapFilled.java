package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A nonce gap of an EVM hot wallet was filled by a zero-value self-send that is now mined: no merchant's money moved,
 * only the network fee, which the platform pays — the ledger books it as {@code NETWORK_FEE_EXPENSE} against the hot
 * wallet's native balance, keyed by the chain fact (DESIGN rule 3), so a redelivery books it once.
 *
 * @param fillerId    withdrawal-service's id of the self-send (its stored attempt-like record)
 * @param feeAmount   the fee actually paid, in the native currency's base unit (wei), as a decimal string
 */
public record NonceGapFilled(String fillerId, String chain, String chainId, String hotWallet, long nonce,
                             String txHash, String feeCurrency, String feeAmount) implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.nonce-gap-filled";
    }

    @Override
    public String aggregateId() {
        return fillerId;
    }
}
