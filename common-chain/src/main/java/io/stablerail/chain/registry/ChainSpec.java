package io.stablerail.chain.registry;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything StableRail needs to know about one chain. {@code chainId} is the EIP-155 id for EVM chains and, for
 * TRON, the id TRON's own JSON-RPC reports (the last four bytes of the genesis block id). {@code feeCap} is in the
 * unit of the {@link FeeModel}. {@code endpoints} are in failover order.
 */
public record ChainSpec(String name, ChainFamily family, Network network, long chainId, Map<String, TokenSpec> tokens,
        FinalityRule finality, FeeModel feeModel, BigInteger feeCap, Duration blockTime, int maxScanRange,
        List<Endpoint> endpoints) {

    public ChainSpec {
        if (name == null || !name.matches("[a-z][a-z0-9-]{1,39}")) {
            throw new IllegalArgumentException("chain name must be lower-case letters, digits and '-', got " + name);
        }
        if ((family == ChainFamily.TRON) != (feeModel == FeeModel.TRON_RESOURCES)
                || (family == ChainFamily.TRON) != (finality instanceof FinalityRule.TronSolidified)) {
            throw new IllegalArgumentException(name + ": fee model and finality rule must match the family");
        }
        if (feeCap.signum() <= 0 || maxScanRange < 1 || blockTime.isNegative() || blockTime.isZero()) {
            throw new IllegalArgumentException(name + ": fee cap, scan range and block time must be positive");
        }
        TreeMap<String, TokenSpec> checked = new TreeMap<>();
        tokens.forEach((symbol, token) -> {
            if (!symbol.equals(token.symbol())) {
                throw new IllegalArgumentException(name + ": token key " + symbol + " differs from its symbol");
            }
            checked.put(symbol, token.validatedFor(family));
        });
        tokens = Map.copyOf(checked);
        endpoints = endpoints.stream().map(endpoint -> endpoint.validatedFor(family, name)).toList();
        if (endpoints.stream().map(Endpoint::name).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException(name + ": endpoint names must be unique");
        }
    }

    /** The token, or a {@link RegistryException} naming the tokens this chain has. */
    public TokenSpec token(String symbol) {
        TokenSpec token = tokens.get(symbol);
        if (token == null) {
            throw new RegistryException("chain " + name + " has no token " + symbol + "; it has "
                    + new TreeMap<>(tokens).keySet());
        }
        return token;
    }

    ChainSpec withEndpoints(List<Endpoint> newEndpoints) {
        return new ChainSpec(name, family, network, chainId, tokens, finality, feeModel, feeCap, blockTime,
                maxScanRange, newEndpoints);
    }
}
