package io.stablerail.confirmation.tracking;

import java.math.BigInteger;

/** The Transfer log that matched every expectation, with addresses as the chain writes them. */
public record VerifiedTransfer(String tokenContract, String fromAddress, String toAddress, BigInteger amount,
        long logIndex) {
}
