package io.stablerail.chain.keys;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;

/**
 * Deposit addresses from a merchant's account xpub alone (watch-only): {@code <account xpub>/0/index}, i.e.
 * {@code m/44'/60'/merchant'/0/i} on every EVM chain (one address works on all of them) and
 * {@code m/44'/195'/merchant'/0/i} on TRON.
 */
public final class DepositAddresses {

    private DepositAddresses() {
    }

    public static EvmAddress evm(ExtendedPublicKey accountKey, int index) {
        return EvmAddress.ofPublicKey(accountKey.derive(0, index).publicKey64());
    }

    public static TronAddress tron(ExtendedPublicKey accountKey, int index) {
        return TronAddress.ofPublicKey(accountKey.derive(0, index).publicKey64());
    }

    /** For a range of indexes, reuse the external chain key {@code /0} (one derivation instead of two per address). */
    public static ExtendedPublicKey externalChain(ExtendedPublicKey accountKey) {
        return accountKey.derive(0);
    }
}
