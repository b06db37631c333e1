package io.stablerail.deposit.deposits;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A token Transfer seen on chain, as a chain source or a provider webhook reports it: not yet matched to a token we
 * know or an address we own. Addresses and contracts may be in any form the family accepts (EVM hex of any case;
 * TRON base58 or 41-hex); the recorder normalizes them.
 *
 * @param logIndex the log's index as the node reports it (EVM: position in the block; TRON: position in the
 *                 transaction's log list)
 * @param amount   integer token base units
 */
public record ObservedTransfer(String chain, String txHash, long logIndex, long blockNumber, String blockHash,
                               String tokenContract, String from, String to, BigInteger amount) {

    public ObservedTransfer {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(tokenContract, "tokenContract");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(amount, "amount");
        if (logIndex < 0 || blockNumber < 0) {
            throw new IllegalArgumentException("log index and block number must not be negative");
        }
    }
}
