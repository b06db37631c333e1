package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of withdrawal-service ({@code stablerail.withdrawal.*}). Amounts are integer minor units (6 decimals for
 * USDT and USDC). Nothing secret lives here: hot-wallet keys are reached through the signer SPI.
 *
 * @param hotWallets  the one hot wallet per enabled chain (chain name → address); a chain not listed is not enabled
 * @param extraTokens tokens added to known chains (devnet tokens; operator-checked contracts)
 * @param fees        network-fee policy per chain; a chain not listed is ABSORBED
 */
@Validated
@ConfigurationProperties("stablerail.withdrawal")
public record WithdrawalProperties(
        @NotNull @DefaultValue Map<String, String> hotWallets,
        @NotNull @DefaultValue List<@Valid ExtraToken> extraTokens,
        @NotNull @DefaultValue Map<String, @Valid FeePolicy> fees,
        @Valid @NotNull @DefaultValue Policy policy,
        @Valid @NotNull @DefaultValue Intake intake,
        @Valid @NotNull @DefaultValue Broadcast broadcast) {

    public record ExtraToken(@NotBlank String chain, @NotBlank String symbol, @NotBlank String contract,
                             @Min(0) @Max(36) int decimals, @NotBlank String source) {
    }

    /**
     * Who pays the network fee. ABSORBED: the platform (the ledger books the actual fee as an expense). CHARGED: the
     * merchant pays a quoted fee, {@code chargeMinor} minor units of the withdrawal's currency, reserved in the hold
     * with the amount and posted to FEE_REVENUE at confirmation (the platform still books the actual fee it paid).
     */
    public enum FeeMode { ABSORBED, CHARGED }

    /**
     * @param chargeMinor the network fee charged per withdrawal on this chain (minor units, 6 decimals); required and
     *                    &gt; 0 for CHARGED, absent for ABSORBED
     */
    public record FeePolicy(@NotNull @DefaultValue("ABSORBED") FeeMode mode, BigInteger chargeMinor) {
        public FeePolicy {
            if (mode == FeeMode.CHARGED && (chargeMinor == null || chargeMinor.signum() <= 0)) {
                throw new IllegalArgumentException("fee mode CHARGED needs charge-minor > 0 (the fee charged per "
                        + "withdrawal, in minor units of its currency)");
            }
            if (mode != FeeMode.CHARGED && chargeMinor != null) {
                throw new IllegalArgumentException("charge-minor is set but the fee mode is " + mode + "; set mode "
                        + "CHARGED or remove it");
            }
        }

        /** What a withdrawal on this chain is charged (zero when ABSORBED). */
        public BigInteger charge() {
            return mode == FeeMode.CHARGED ? chargeMinor : BigInteger.ZERO;
        }
    }

    /** The network fee a withdrawal on {@code chain} is charged now (zero unless the chain's mode is CHARGED). */
    public BigInteger feeChargedMinor(String chain) {
        FeePolicy policy = fees.get(chain);
        return policy == null ? BigInteger.ZERO : policy.charge();
    }

    /**
     * @param perTransactionMaxMinor largest single withdrawal
     * @param dailyMaxMinor          most a merchant may withdraw per asset per UTC day (rejected, cancelled and failed
     *                               withdrawals do not count)
     * @param approvalAboveMinor     above this, one ops approval is needed
     * @param fourEyesAboveMinor     above this, two distinct ops approvals, neither by the requester
     * @param addressCooldown        a destination first used now can be paid out only after this
     * @param merchants              per-merchant overrides of the limits and the cool-down
     */
    public record Policy(
            @NotNull @DefaultValue("100000000000") BigInteger perTransactionMaxMinor,
            @NotNull @DefaultValue("1000000000000") BigInteger dailyMaxMinor,
            @NotNull @DefaultValue("10000000000") BigInteger approvalAboveMinor,
            @NotNull @DefaultValue("50000000000") BigInteger fourEyesAboveMinor,
            @NotNull @DefaultValue("24h") Duration addressCooldown,
            @NotNull @DefaultValue Map<String, @Valid MerchantPolicy> merchants) {

        public Policy {
            if (fourEyesAboveMinor.compareTo(approvalAboveMinor) < 0) {
                throw new IllegalArgumentException("four-eyes-above-minor must be >= approval-above-minor");
            }
        }

        public BigInteger perTransactionMax(String merchantId) {
            MerchantPolicy own = merchants.get(merchantId);
            return own != null && own.perTransactionMaxMinor() != null ? own.perTransactionMaxMinor()
                    : perTransactionMaxMinor;
        }

        public BigInteger dailyMax(String merchantId) {
            MerchantPolicy own = merchants.get(merchantId);
            return own != null && own.dailyMaxMinor() != null ? own.dailyMaxMinor() : dailyMaxMinor;
        }

        public Duration addressCooldown(String merchantId) {
            MerchantPolicy own = merchants.get(merchantId);
            return own != null && own.addressCooldown() != null ? own.addressCooldown() : addressCooldown;
        }
    }

    public record MerchantPolicy(BigInteger perTransactionMaxMinor, BigInteger dailyMaxMinor,
                                 Duration addressCooldown) {
    }

    /**
     * @param recoveryInterval how often REQUESTED withdrawals whose reservation did not finish are retried
     * @param requestedGrace   how old a REQUESTED withdrawal must be before the recovery job touches it
     * @param batchMax         withdrawals (or hold releases) handled per recovery run
     */
    public record Intake(@NotNull @DefaultValue("10s") Duration recoveryInterval,
                         @NotNull @DefaultValue("30s") Duration requestedGrace,
                         @Min(1) @Max(10_000) @DefaultValue("100") int batchMax) {
    }

    /**
     * @param enabled            whether this instance runs the broadcaster on a schedule
     * @param interval           pause between broadcaster runs
     * @param batchMax           withdrawals signed, and attempts re-sent, per wallet per run
     * @param resendBackoffInitial delay before re-sending an attempt after the first RETRY-class failure
     * @param resendBackoffMax   cap of that exponential delay (jitter ±20 % on top)
     * @param nonceCheckInterval how often each EVM wallet's nonces are compared with the chain's pending nonce
     * @param nonceGapReportMax  most missing nonces listed per wallet in one report
     * @param replacementBumpPercent least raise of each fee of an EVM replacement over the attempt it replaces (the
     *                           node's replacement minimum; geth's is 10), rounded up
     * @param opsLockWait        how long an ops bump or cancel waits for the wallet's sender lock before 409
     * @param nonceGapFillMax    nonce gaps filled per wallet per background run (0: detect and alert only)
     * @param replacementBumpPercentByChain a chain's own replacement minimum where its nodes ask for more than
     *                           {@code replacementBumpPercent} (chain name → percent)
     */
    public record Broadcast(@DefaultValue("true") boolean enabled,
                            @NotNull @DefaultValue("1s") Duration interval,
                            @Min(1) @Max(1_000) @DefaultValue("50") int batchMax,
                            @NotNull @DefaultValue("1s") Duration resendBackoffInitial,
                            @NotNull @DefaultValue("5m") Duration resendBackoffMax,
                            @NotNull @DefaultValue("1m") Duration nonceCheckInterval,
                            @Min(1) @Max(1_000) @DefaultValue("20") int nonceGapReportMax,
                            @Min(1) @Max(1_000) @DefaultValue("10") int replacementBumpPercent,
                            @NotNull @DefaultValue("5s") Duration opsLockWait,
                            @Min(0) @Max(1_000) @DefaultValue("10") int nonceGapFillMax,
                            @NotNull @DefaultValue Map<String, @Min(1) @Max(1_000) Integer>
                                    replacementBumpPercentByChain) {

        /** The replacement minimum of {@code chain}: its own if set, else {@code replacementBumpPercent}. */
        public int replacementBumpPercent(String chain) {
            return replacementBumpPercentByChain.getOrDefault(chain, replacementBumpPercent);
        }
    }
}
