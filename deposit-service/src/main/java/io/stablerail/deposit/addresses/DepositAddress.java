package io.stablerail.deposit.addresses;

import java.time.Instant;
import java.util.UUID;

import io.stablerail.chain.registry.ChainFamily;

/**
 * A deposit address derived from a merchant's account xpub at {@code m/…/0/index}. On EVM the same address is used on
 * every EVM chain; {@code chain} is only the chain the merchant asked for.
 *
 * @param seq internal, monotonic; the list cursor
 */
public record DepositAddress(long seq, UUID addressId, String merchantId, String chain, ChainFamily family, int index,
                             String address, String customerReference, Instant createdAt) {
}
