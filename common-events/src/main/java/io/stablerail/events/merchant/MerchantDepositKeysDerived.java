package io.stablerail.events.merchant;

import io.stablerail.events.DomainEvent;

/**
 * The key side (withdrawal-service) derived the merchant's account-level extended public keys; deposit-service onboards
 * the merchant with them and derives deposit addresses watch-only (DESIGN rule 9). Public keys only: an {@code xprv}
 * never travels.
 *
 * @param merchantId   the merchant
 * @param accountIndex the BIP-44 account the keys were derived at (from {@code merchant.onboarded})
 * @param tronXpub     {@code m/44'/195'/{accountIndex}'} as an {@code xpub}
 * @param evmXpub      {@code m/44'/60'/{accountIndex}'} as an {@code xpub} (every EVM chain)
 */
public record MerchantDepositKeysDerived(String merchantId, int accountIndex, String tronXpub, String evmXpub)
        implements DomainEvent {

    public static final String TYPE = "merchant.deposit-keys";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String aggregateId() {
        return merchantId;
    }
}
