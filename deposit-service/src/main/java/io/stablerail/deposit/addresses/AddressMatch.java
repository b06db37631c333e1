package io.stablerail.deposit.addresses;

import java.util.UUID;

/** The owner of a matched deposit address: what a transfer to it is attributed to. */
public record AddressMatch(String matchKey, UUID addressId, String merchantId, String address,
                           String customerReference) {
}
