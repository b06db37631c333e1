package io.stablerail.events.deposit;

import io.stablerail.events.DomainEvent;

/**
 * The block of a detected, unconfirmed deposit was replaced by a chain reorganization. The deposit is not credited
 * unless the same transfer is observed again in a canonical block ({@code deposit.detected} again).
 *
 * @param blockNumber the replaced block's number
 * @param blockHash   the replaced block's hash
 */
public record DepositOrphaned(String depositId, String merchantId, String chain, String txHash, long logIndex,
                              long blockNumber, String blockHash) implements DomainEvent {

    @Override
    public String type() {
        return "deposit.orphaned";
    }

    @Override
    public String aggregateId() {
        return depositId;
    }
}
