package io.stablerail.events.transaction;

import io.stablerail.events.DomainEvent;

/**
 * The tracked transaction passed the confirmation checklist at the chain's finality point (DESIGN rule 4): it exists,
 * succeeded, carries the expected Transfer log, and its block is canonical and final. Emitted at most once per
 * {@code (purpose, reference)}.
 *
 * @param blockNumber   the final block holding the transaction
 * @param blockHash     that block's hash (EVM) or id (TRON)
 * @param tokenContract the contract the verified Transfer log came from; null for a {@code SELF_SEND}
 * @param fromAddress   the verified sender of the transfer
 * @param toAddress     the verified recipient
 * @param amount        the verified amount, integer base units ({@code 0} for a {@code SELF_SEND})
 * @param logIndex      the verified log's index (EVM: in the block; TRON: in the transaction); null for a
 *                      {@code SELF_SEND}, which has no Transfer log
 * @param feeAmount     the network fee the sender paid, in the chain's native base unit ({@code feeUnit})
 * @param feeUnit       {@code wei} (EVM) or {@code sun} (TRON)
 */
public record TransactionFinal(TrackPurpose purpose, String reference, String chain, String txHash, long blockNumber,
                               String blockHash, String tokenContract, String fromAddress, String toAddress,
                               String amount, Long logIndex, String feeAmount, String feeUnit)
        implements DomainEvent {

    @Override
    public String type() {
        return "transaction.final";
    }

    @Override
    public String aggregateId() {
        return reference;
    }
}
