package io.stablerail.events.withdrawal;

import io.stablerail.events.DomainEvent;

/**
 * A node accepted (or already knew) the withdrawal's signed transaction {@code txHash} from {@code hotWallet}. Not a
 * result (DESIGN rule 4): confirmation-worker decides at finality.
 *
 * @param nonce          the EVM nonce; null on TRON
 * @param referenceBlock the TRON reference block; null on EVM
 * @param replacesTxHash the transaction this one supersedes (an EVM replacement at the same nonce, or a rebuild after
 *                       the earlier one was provably dead); null for the withdrawal's first transaction. Either of
 *                       them may be the one mined: {@code withdrawal.confirmed} names the winner.
 */
public record WithdrawalBroadcast(String withdrawalId, String merchantId, String chain, String chainId,
                                  String txHash, String hotWallet, String tokenContract, String toAddress,
                                  String amountBaseUnits, Long nonce, String referenceBlock, String replacesTxHash)
        implements DomainEvent {

    @Override
    public String type() {
        return "withdrawal.broadcast";
    }

    @Override
    public String aggregateId() {
        return withdrawalId;
    }
}
