package io.stablerail.deposit.deposits;

import java.math.BigInteger;
import java.util.UUID;

/** A recorded deposit: one on-chain transfer to one of our addresses, unique on (chain, tx hash, log index). */
public record Deposit(UUID depositId, String chain, String txHash, long logIndex, long blockNumber, String blockHash,
                      String tokenContract, String currency, BigInteger amount, String fromAddress, String toAddress,
                      String merchantId, UUID addressId, DepositStatus status, String customerReference) {

    /** The deposit id is derived from the chain fact, so every reporter of one transfer names the same deposit. */
    public static UUID idOf(String chain, String txHash, long logIndex) {
        return UUID.nameUUIDFromBytes((chain + "|" + txHash + "|" + logIndex)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
