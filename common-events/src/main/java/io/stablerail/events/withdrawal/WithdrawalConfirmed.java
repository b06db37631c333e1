package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A withdrawal's transfer is final and matched the checklist: the ledger posts the hold to the hot wallet and books
 * the network fee actually paid ({@code feeAmount} in the chain's native {@code feeCurrency}). {@code feeCharged}
 * (minor units of {@code currency}; null or "0" when the platform absorbs the fee) is the network fee the merchant
 * pays, reserved in the hold with the amount: the ledger posts it to {@code FEE_REVENUE}.
 */
public record WithdrawalConfirmed(String withdrawalId, String merchantId, String holdId, String chain,
                                  String chainId, String txHash, long logIndex, String tokenContract,
                                  String currency, String amount, String hotWallet, String feeCurrency,
                                  String feeAmount, String feeCharged) implements DomainEvent {

    /** A withdrawal whose network fee the platform absorbs (nothing charged). */
    public WithdrawalConfirmed(String withdrawalId, String merchantId, String holdId, String chain, String chainId,
                               String txHash, long logIndex, String tokenContract, String currency, String amount,
                               String hotWallet, String feeCurrency, String feeAmount) {
        this(withdrawalId, merchantId, holdId, chain, chainId, txHash, logIndex, tokenContract, currency, amount,
                hotWallet, feeCurrency, feeAmount, null);
    }

    @Override
    public String type() {
        return "withdrawal.confirmed";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
