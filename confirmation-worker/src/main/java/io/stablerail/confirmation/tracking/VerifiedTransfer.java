package io.stablerail.confirmation.tracking;

import java.math.BigInteger;

/**
 * The Transfer log that matched every expectation, with addresses as the chain writes them — or, for a self-send, the
 * verified transaction itself: no token contract, amount 0, no log index.
 */
public record VerifiedTransfer(String tokenContract, String fromAddress, String toAddress, BigInteger amount,
        Long logIndex) {

    /** A verified zero-value self-send of {@code wallet}. */
    public static VerifiedTransfer selfSend(String wallet) {
        return new VerifiedTransfer(null, wallet, wallet, BigInteger.ZERO, null);
    }
}
