package io.stablerail.chain.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chains a deployment uses. Built once at startup from the known chains and the deployment's configuration:
 * which chains are enabled, their endpoints in failover order, and devnet (or operator-checked) token contracts.
 * Any unknown chain or token, an enabled chain without endpoints, or a malformed contract fails here with a message
 * that names the problem, so a misconfigured service never starts.
 */
public final class ChainRegistry {

    private static final Map<String, ChainSpec> KNOWN = index(KnownChains.all());

    private final Map<String, ChainSpec> chains;

    private ChainRegistry(Map<String, ChainSpec> chains) {
        this.chains = chains;
    }

    /** Every chain StableRail knows, without endpoints. */
    public static Collection<ChainSpec> known() {
        return KNOWN.values();
    }

    /** A known chain's definition (no endpoints). */
    public static ChainSpec knownChain(String name) {
        ChainSpec chain = KNOWN.get(name);
        if (chain == null) {
            throw new RegistryException("unknown chain '" + name + "'; known chains: " + KNOWN.keySet());
        }
        return chain;
    }

    /**
     * The enabled chains with their endpoints ({@code endpoints} is keyed by chain name; its keys are the enabled
     * chains). Every enabled chain needs at least one endpoint.
     */
    public static ChainRegistry of(Map<String, List<Endpoint>> endpoints) {
        Map<String, ChainSpec> enabled = new TreeMap<>();
        endpoints.forEach((name, list) -> {
            ChainSpec chain = knownChain(name);
            if (list == null || list.isEmpty()) {
                throw new RegistryException("chain " + name + " is enabled but has no endpoints");
            }
            try {
                enabled.put(name, chain.withEndpoints(list));
            } catch (IllegalArgumentException e) {
                throw new RegistryException(e.getMessage());
            }
        });
        if (enabled.isEmpty()) {
            throw new RegistryException("no chain is enabled");
        }
        return new ChainRegistry(enabled);
    }

    /**
     * Adds a token contract: the devnet tokens chain-devnet deploys, or a token an operator has checked against its
     * issuer. A symbol the chain already has is refused (a shipped, issuer-checked contract is never overridden).
     */
    public ChainRegistry withToken(String chainName, TokenSpec token) {
        ChainSpec chain = chain(chainName);
        if (chain.tokens().containsKey(token.symbol())) {
            throw new RegistryException("chain " + chainName + " already has " + token.symbol() + " at "
                    + chain.tokens().get(token.symbol()).contract() + "; shipped contracts are not overridden");
        }
        Map<String, TokenSpec> tokens = new TreeMap<>(chain.tokens());
        tokens.put(token.symbol(), token);
        Map<String, ChainSpec> next = new TreeMap<>(chains);
        try {
            next.put(chainName, new ChainSpec(chain.name(), chain.family(), chain.network(), chain.chainId(), tokens,
                    chain.finality(), chain.feeModel(), chain.feeCap(), chain.blockTime(), chain.maxScanRange(),
                    chain.endpoints()));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(chainName + ": " + e.getMessage());
        }
        return new ChainRegistry(next);
    }

    /** An enabled chain, or a {@link RegistryException} naming the enabled ones. */
    public ChainSpec chain(String name) {
        ChainSpec chain = chains.get(name);
        if (chain == null) {
            throw new RegistryException(KNOWN.containsKey(name)
                    ? "chain " + name + " is not enabled in this deployment; enabled: " + chains.keySet()
                    : "unknown chain '" + name + "'; known chains: " + KNOWN.keySet());
        }
        return chain;
    }

    public TokenSpec token(String chain, String symbol) {
        return chain(chain).token(symbol);
    }

    public Collection<ChainSpec> chains() {
        return chains.values();
    }

    private static Map<String, ChainSpec> index(List<ChainSpec> all) {
        Map<String, ChainSpec> byName = new LinkedHashMap<>();
        for (ChainSpec chain : all) {
            if (byName.put(chain.name(), chain) != null) {
                throw new IllegalStateException("chain " + chain.name() + " is defined twice");
            }
        }
        return java.util.Collections.unmodifiableMap(byName);
    }
}
