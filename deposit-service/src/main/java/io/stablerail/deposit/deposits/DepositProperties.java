package io.stablerail.deposit.deposits;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.registry.TokenSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stablerail.deposits}: per-token minimums in token units ({@code minimums.USDT: 1.00}) and extra tokens per
 * chain (devnet contracts deployed by chain-devnet, or operator-checked ones).
 */
@Validated
@ConfigurationProperties("stablerail.deposits")
public record DepositProperties(Map<String, BigDecimal> minimums, Map<String, List<Token>> tokens) {

    /** A token added by configuration. */
    public record Token(String symbol, String contract, int decimals, String source) {
        public TokenSpec toSpec() {
            return new TokenSpec(symbol, contract, decimals, source == null ? "configuration" : source);
        }
    }

    public DepositProperties {
        minimums = minimums == null ? Map.of() : Map.copyOf(minimums);
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    }

    /** These properties with more tokens per chain (a chain's configured tokens come first). */
    public DepositProperties withTokens(Map<String, List<Token>> more) {
        Map<String, List<Token>> merged = new java.util.HashMap<>(more);
        tokens.forEach((chain, list) -> merged.merge(chain, list, (extra, own) -> {
            List<Token> all = new java.util.ArrayList<>(own);
            extra.stream().filter(t -> own.stream().noneMatch(o -> o.symbol().equals(t.symbol()))).forEach(all::add);
            return all;
        }));
        return new DepositProperties(minimums, merged);
    }

    public TokenCatalog catalog() {
        Map<String, List<TokenSpec>> extra = new java.util.HashMap<>();
        tokens.forEach((chain, list) -> extra.put(chain, list.stream().map(Token::toSpec).toList()));
        return new TokenCatalog(extra, minimums);
    }
}
