package io.stablerail.events.deposit;

import io.stablerail.events.DomainEvent;

/**
 * A deposit reached finality and passed the confirmation checklist; the ledger credits the merchant once, keyed by
 * {@code sha256(chain_id | tx_hash | log_index | DEPOSIT)}.
 *
 * @param chain         chain name, e.g. {@code tron}, {@code ethereum}
 * @param chainId       chain id as a string (EVM chain id; TRON network name)
 * @param tokenContract the token contract the Transfer log came from
 * @param toAddress     the merchant's deposit address (the platform wallet that received it)
 * @param amount        integer minor units
 */
public record DepositConfirmed(String depositId, String merchantId, String chain, String chainId, String txHash,
                               long logIndex, String tokenContract, String currency, String amount, String toAddress)
        implements DomainEvent {

    @Override
    public String type() {
        return "deposit.confirmed";
    }

    @Override
    public String aggregateId() {
        return depositId;
    }
}
