package io.stablerail.withdrawal.withdrawals;

/**
 * What a merchant asks for, as received: {@code amount} is a decimal string in token units (e.g. {@code "12.5"}).
 * {@code requestedBy} is the actor the gateway authenticated (used for four-eyes).
 */
public record WithdrawalRequest(String merchantId, String idempotencyKey, String chain, String asset,
                                String toAddress, String amount, String reference, String requestedBy) {
}
