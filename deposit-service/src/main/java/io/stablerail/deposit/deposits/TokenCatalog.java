package io.stablerail.deposit.deposits;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.deposit.addresses.AddressKeys;

/**
 * The tokens deposits are accepted in, per chain, keyed by normalized contract address (tokens are matched by
 * contract, never by symbol), and each token's minimum in base units. Built from the registry's known chains plus
 * the deployment's devnet tokens.
 */
public final class TokenCatalog {

    private final Map<String, Map<String, TokenSpec>> byChainAndContract = new HashMap<>();
    private final Map<String, BigDecimal> minimumsInTokenUnits;

    public TokenCatalog(Map<String, java.util.List<TokenSpec>> extraTokens, Map<String, BigDecimal> minimums) {
        for (ChainSpec chain : ChainRegistry.known()) {
            Map<String, TokenSpec> tokens = new HashMap<>();
            chain.tokens().values().forEach(token -> tokens.put(key(chain.family(), token.contract()), token));
            byChainAndContract.put(chain.name(), tokens);
        }
        extraTokens.forEach((chainName, tokens) -> {
            ChainSpec chain = ChainRegistry.knownChain(chainName);
            for (TokenSpec token : tokens) {
                String key = key(chain.family(), token.contract());
                if (key == null) {
                    throw new IllegalArgumentException(chainName + ": token " + token.symbol()
                            + " has a malformed contract");
                }
                if (chain.tokens().containsKey(token.symbol())) {
                    throw new IllegalArgumentException(chainName + " already has " + token.symbol()
                            + "; shipped contracts are not overridden");
                }
                byChainAndContract.get(chainName).put(key, token);
            }
        });
        minimums.forEach((symbol, minimum) -> {
            if (minimum.signum() < 0) {
                throw new IllegalArgumentException("minimum of " + symbol + " must not be negative");
            }
        });
        this.minimumsInTokenUnits = Map.copyOf(minimums);
    }

    /** The token of the chain whose contract this is, if we accept it. */
    public Optional<TokenSpec> token(String chain, String contract) {
        Map<String, TokenSpec> tokens = byChainAndContract.get(chain);
        if (tokens == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tokens.get(key(ChainRegistry.knownChain(chain).family(), contract)));
    }

    /** The token's minimum deposit in base units (0 when none is configured). */
    public BigInteger minimumBaseUnits(TokenSpec token) {
        BigDecimal minimum = minimumsInTokenUnits.getOrDefault(token.symbol(), BigDecimal.ZERO);
        return minimum.movePointRight(token.decimals()).setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact();
    }

    private static String key(ChainFamily family, String contract) {
        return AddressKeys.of(family, contract);
    }
}
