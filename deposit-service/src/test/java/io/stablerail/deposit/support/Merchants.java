package io.stablerail.deposit.support;

import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.DepositAddress;

/** Fixture: onboarded merchants and their addresses, through the real {@link AddressBook}. */
public record Merchants(AddressBook addresses) {

    public static final String ETHEREUM_USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    public static final String BASE_USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
    public static final String TRON_USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    public Merchants onboard(String merchantId, int account) {
        addresses.registerXpubs(merchantId, TestKeys.tronXpub(account), TestKeys.evmXpub(account));
        return this;
    }

    public DepositAddress address(String merchantId, String chain) {
        return addresses.create(merchantId, chain, null);
    }
}
