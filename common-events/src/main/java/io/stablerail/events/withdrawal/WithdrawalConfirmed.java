package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A withdrawal's transfer is final and matched the checklist: the ledger posts the hold to the hot wallet and books
 * the network fee actually paid ({@code feeAmount} in the chain's native {@code feeCurrency}).
 */
public record WithdrawalConfirmed(String withdrawalId, String merchantId, String holdId, String chain,
                                  String chainId, String txHash, long logIndex, String tokenContract,
                                  String currency, String amount, String hotWallet, String feeCurrency,
                                  String feeAmount) implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.confirmed";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
