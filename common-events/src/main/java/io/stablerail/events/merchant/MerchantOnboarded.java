package io.stablerail.events.merchant;

import io.stablerail.events.DomainEvent;

/**
 * A merchant was created (gateway-api) and given its BIP-32 account index, unique and never reused. The key side
 * derives the merchant's account xpubs {@code m/44'/195'/{accountIndex}'} and {@code m/44'/60'/{accountIndex}'}
 * from it.
 *
 * @param merchantId   the merchant, e.g. {@code mer_0123456789abcdef}
 * @param accountIndex the hardened BIP-44 account number, 0 to 2^31-1
 */
public record MerchantOnboarded(String merchantId, int accountIndex) implements DomainEvent {

    public static final String TYPE = "merchant.onboarded";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String aggregateId() {
        return merchantId;
    }
}
