package io.stablerail.events.transaction;

import java.time.Instant;

import io.stablerail.events.DomainEvent;

/**
 * Asks confirmation-worker to follow one transaction until an outcome ({@code transaction.final|failed|dropped|stuck}).
 * Unique on {@code (purpose, reference)}: a second request for the same pair changes nothing.
 *
 * @param purpose          DEPOSIT, WITHDRAWAL or SELF_SEND (an ops cancel or nonce gap filler: EVM, no token)
 * @param reference        deposit id, or withdrawal attempt id; the Kafka key of the request and of its outcome
 * @param chain            chain name of the registry, e.g. {@code tron}, {@code ethereum}, {@code evm-devnet}
 * @param txHash           EVM transaction hash ({@code 0x…}) or TRON txid (hex)
 * @param tokenContract    the token contract the Transfer log must come from (EVM 0x…, TRON base58 T…); null for a
 *                         self-send
 * @param fromAddress      the expected sender; required for withdrawals and self-sends (the hot wallet), optional
 *                         for deposits
 * @param toAddress        the expected recipient (a self-send: the hot wallet again)
 * @param amount           integer base units of the token, as a string ({@code 0} for a self-send)
 * @param logIndex         for deposits, the Transfer log's index (EVM: in the block; TRON: in the transaction);
 *                         null when any matching log will do
 * @param nonce            EVM withdrawals and self-sends: the attempt's nonce (to tell a dropped attempt); null
 *                         otherwise
 * @param expirationMillis TRON withdrawals: {@code raw_data.expiration} in epoch milliseconds; null otherwise
 * @param broadcastAt      when the attempt was first broadcast (withdrawals) or detected (deposits)
 * @param blockNumber      optional (added later; older requests have none): the block the transaction was seen in —
 *                         deposits carry the block they were detected in, so the checker can look them up per block;
 *                         null for withdrawals and whenever unknown. A hint only, never trusted as the final block
 */
public record TrackRequest(TrackPurpose purpose, String reference, String chain, String txHash, String tokenContract,
                           String fromAddress, String toAddress, String amount, Long logIndex, Long nonce,
                           Long expirationMillis, Instant broadcastAt, Long blockNumber) implements DomainEvent {

    @Override
    public String type() {
        return "transaction.track-requested";
    }

    @Override
    public String aggregateId() {
        return reference;
    }
}
