package io.stablerail.deposit.deposits;

import java.math.BigInteger;

/**
 * What the confirmation checklist found at finality for one transfer (DESIGN rule 4): the transaction succeeded and
 * carries this Transfer log in this canonical block at or below the finality point.
 */
public record ConfirmationReport(String chain, String txHash, long logIndex, String tokenContract, String to,
                                 BigInteger amount, String blockHash) {
}
