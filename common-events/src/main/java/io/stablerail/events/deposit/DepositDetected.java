package io.stablerail.events.deposit;

import io.stablerail.events.DomainEvent;

/**
 * A token transfer to a merchant's deposit address was seen on chain (by a scanner or a provider webhook), not yet
 * final. Published again, with the new block, when an orphaned deposit is re-included in a canonical block. Nothing
 * is credited on this event.
 *
 * @param chain         chain name, e.g. {@code tron}, {@code ethereum}
 * @param tokenContract the token contract the Transfer log came from
 * @param currency      the token's symbol, e.g. {@code USDT}
 * @param amount        integer token base units
 * @param status        {@code DETECTED}, or {@code BELOW_MINIMUM} (recorded, never credited)
 */
public record DepositDetected(String depositId, String merchantId, String chain, String txHash, long logIndex,
                              long blockNumber, String blockHash, String tokenContract, String currency,
                              String amount, String fromAddress, String toAddress, String customerReference,
                              String status) implements DomainEvent {

    @Override
    public String type() {
        return "deposit.detected";
    }

    @Override
    public String aggregateId() {
        return depositId;
    }
}
