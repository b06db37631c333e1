package io.stablerail.chain.registry;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;

/**
 * A token on one chain: its symbol (the currency StableRail books it as), contract, decimals, and where the
 * contract was checked ({@code source}: the issuer's published list, or "devnet" for contracts we deploy).
 */
public record TokenSpec(String symbol, String contract, int decimals, String source) {

    public TokenSpec {
        if (symbol == null || !symbol.matches("[A-Z]{2,10}")) {
            throw new IllegalArgumentException("token symbol must be 2 to 10 capital letters, got " + symbol);
        }
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("token decimals must be 0 to 36, got " + decimals);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a token needs the source its contract was checked against");
        }
    }

    /** Checks the contract's form for its family: EIP-55 for EVM, base58check for TRON. */
    TokenSpec validatedFor(ChainFamily family) {
        String normalized = switch (family) {
            case EVM -> EvmAddress.parse(contract).checksummed();
            case TRON -> TronAddress.parse(contract).base58();
        };
        if (!normalized.equals(contract)) {
            throw new IllegalArgumentException("token " + symbol + " contract must be written in canonical form: "
                    + normalized);
        }
        return this;
    }
}
