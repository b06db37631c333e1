package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A node accepted (or already knew) the withdrawal's signed transaction {@code txHash} from {@code hotWallet}. Not a
 * result (DESIGN rule 4): confirmation-worker decides at finality.
 *
 * @param nonce          the EVM nonce; null on TRON
 * @param referenceBlock the TRON reference block; null on EVM
 */
public record WithdrawalBroadcast(String withdrawalId, String merchantId, String chain, String chainId,
                                  String txHash, String hotWallet, String tokenContract, String toAddress,
                                  String amountBaseUnits, Long nonce, String referenceBlock) implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.broadcast";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
