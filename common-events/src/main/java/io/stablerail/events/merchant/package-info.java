/**
 * Merchant onboarding facts on {@code stablerail.merchants.v1}: the merchant's BIP-32 account index (gateway-api)
 * and the account-level xpubs derived for it by the key side (withdrawal-service). Public keys only, never a private
 * key.
 */
package io.stablerail.events.merchant;
