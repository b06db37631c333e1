package io.stablerail.deposit.addresses;

import java.util.Locale;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.registry.ChainFamily;

/**
 * The one normal form addresses are stored and matched in: lower-case {@code 0x}-hex on EVM, base58check on TRON
 * (TRON hex {@code 41…} is converted). Chain sources and webhooks may report either form.
 */
public final class AddressKeys {

    private AddressKeys() {
    }

    /** The match key of an address, or {@code null} if the text is not an address of that family. */
    public static String of(ChainFamily family, String address) {
        if (address == null) {
            return null;
        }
        try {
            return switch (family) {
                case EVM -> "0x" + EvmAddress.parse(address.toLowerCase(Locale.ROOT)).hex();
                case TRON -> TronAddress.parse(address).base58();
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
