package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A withdrawal as stored. {@code amountMinor} is integer minor units of the currency {@code asset} (what the ledger
 * holds); {@code amountBase} is integer base units of the token contract (what is sent on chain). {@code notBefore} is
 * when the destination's address-book cool-down ends. {@code feeChargedMinor} is the network fee the merchant pays
 * (fixed at intake, reserved in the hold with the amount; zero when the platform absorbs it).
 */
public record Withdrawal(UUID id, String merchantId, String idempotencyKey, String fingerprint, String chain,
                         String asset, String tokenContract, String toAddress, BigInteger amountMinor,
                         BigInteger amountBase, String reference, UUID holdId, String hotWallet,
                         WithdrawalStatus status, int approvalsRequired, String requestedBy, String failureCode,
                         String failureDetail, Long reuseNonce, Instant notBefore, Instant createdAt,
                         Instant updatedAt, BigInteger feeChargedMinor) {

    /** What the ledger hold reserves: the amount and the network fee charged. */
    public BigInteger holdAmountMinor() {
        return amountMinor.add(feeChargedMinor);
    }

    /** The ledger hold of a withdrawal: derived from its id, so every retry reserves under the same hold. */
    public static UUID holdIdOf(UUID withdrawalId) {
        return UUID.nameUUIDFromBytes(("stablerail:withdrawal-hold:" + withdrawalId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The reference recorded on the ledger hold (part of its fingerprint, so it never changes). */
    public String holdReference() {
        return "withdrawal:" + id;
    }
}
