package io.stablerail.devnet.tron;

/**
 * Resource prices and energy costs of the devnet. Every value here is a PLACEHOLDER: mainnet prices change by
 * governance proposal and energy depends on the contract's bytecode, so tests must never assert mainnet numbers;
 * they only need costs that are non-zero, deterministic and large enough to make {@code fee_limit} matter.
 */
public final class DevnetPrices {

    /** PLACEHOLDER: sun burned per unit of energy (mainnet's {@code getEnergyFee} has been 420, 210 and 100). */
    public static final long PLACEHOLDER_SUN_PER_ENERGY = 210;
    /** PLACEHOLDER: sun burned per byte of bandwidth (mainnet's {@code getTransactionFee}: 1000). */
    public static final long PLACEHOLDER_SUN_PER_BANDWIDTH_BYTE = 1_000;
    /** PLACEHOLDER: sun a TRX transfer to a not-yet-existing account burns (mainnet's
     *  {@code getCreateNewAccountFeeInSystemContract}: 1 TRX). */
    public static final long PLACEHOLDER_SUN_CREATE_ACCOUNT = 1_000_000;
    /** PLACEHOLDER: energy of a TRC-20 transfer to an address that already holds the token. */
    public static final long PLACEHOLDER_ENERGY_TRANSFER_TO_HOLDER = 14_650;
    /** PLACEHOLDER: energy of a TRC-20 transfer to an address with a zero balance (a new storage slot). */
    public static final long PLACEHOLDER_ENERGY_TRANSFER_TO_NEW_HOLDER = 29_650;
    /** PLACEHOLDER: extra energy of {@code transferFrom} over {@code transfer} (the allowance slot). */
    public static final long PLACEHOLDER_ENERGY_ALLOWANCE_UPDATE = 5_000;
    /** PLACEHOLDER: energy of {@code approve}. */
    public static final long PLACEHOLDER_ENERGY_APPROVE = 22_000;
    /** PLACEHOLDER: energy of a read ({@code balanceOf}) in a constant call. */
    public static final long PLACEHOLDER_ENERGY_READ = 500;
    /** PLACEHOLDER: energy a call burns before it reverts (a {@code require} early in the function). */
    public static final long PLACEHOLDER_ENERGY_REVERT = 1_200;

    /** java-tron's {@code Constant.MAX_RESULT_SIZE_IN_TX}: bandwidth counts the transaction without ret, plus 64. */
    public static final long RESULT_SIZE_BYTES = 64;
    /** java-tron's maximum {@code fee_limit} (dynamic property {@code getMaxFeeLimit}, 15,000 TRX on mainnet). */
    public static final long MAX_FEE_LIMIT_SUN = 15_000_000_000L;

    private DevnetPrices() {
    }
}
