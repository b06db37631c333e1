package io.stablerail.withdrawal.withdrawals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.InvalidAddressException;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.RegistryException;
import io.stablerail.chain.registry.TokenSpec;
import io.stablerail.chain.units.TokenUnits;

/**
 * The chains this deployment pays out on (those with a hot wallet) and the validation of a request against them:
 * chain and token known, destination well formed for the chain (EIP-55 checksum, base58check), amount a positive
 * decimal with no more digits than the token has and exactly representable in the ledger's minor units.
 */
public final class ChainCatalog {

    /** Minor-unit decimals of the ledger's stablecoin currencies (USDT, USDC). */
    public static final int CURRENCY_DECIMALS = 6;
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,36})?");

    private final Map<String, ChainSpec> chains = new HashMap<>();
    private final Map<String, String> hotWallets;

    public ChainCatalog(WithdrawalProperties properties) {
        this.hotWallets = Map.copyOf(properties.hotWallets());
        Map<String, Map<String, TokenSpec>> extra = new HashMap<>();
        properties.extraTokens().forEach(t -> extra.computeIfAbsent(t.chain(), c -> new HashMap<>())
                .put(t.symbol(), new TokenSpec(t.symbol(), t.contract(), t.decimals(), t.source())));
        hotWallets.forEach((name, wallet) -> {
            ChainSpec known = ChainRegistry.knownChain(name);
            Map<String, TokenSpec> tokens = new HashMap<>(known.tokens());
            extra.getOrDefault(name, Map.of()).forEach((symbol, token) -> {
                if (tokens.putIfAbsent(symbol, token) != null) {
                    throw new IllegalArgumentException(name + " already has " + symbol + "; shipped contracts are "
                            + "not overridden");
                }
            });
            ChainSpec spec = new ChainSpec(known.name(), known.family(), known.network(), known.chainId(), tokens,
                    known.finality(), known.feeModel(), known.feeCap(), known.blockTime(), known.maxScanRange(),
                    known.endpoints());
            canonicalAddress(spec, wallet); // a malformed hot wallet fails at startup
            chains.put(name, spec);
        });
    }

    public ChainSpec chain(String name) {
        ChainSpec chain = chains.get(name);
        if (chain == null) {
            throw WithdrawalException.unprocessable("unsupported_chain", "withdrawals are not enabled on chain '"
                    + name + "'; enabled: " + new java.util.TreeSet<>(chains.keySet()));
        }
        return chain;
    }

    /** Chain name → configured hot-wallet address of every enabled chain. */
    public Map<String, String> hotWallets() {
        return hotWallets;
    }

    /** The chain's hot wallet in canonical form (EIP-55, base58check). */
    public String hotWallet(String chainName) {
        return canonicalAddress(chain(chainName), hotWallets.get(chainName));
    }

    public ValidatedRequest validate(WithdrawalRequest request) {
        requireText(request.chain(), "chain");
        requireText(request.asset(), "asset");
        requireText(request.toAddress(), "to_address");
        requireText(request.amount(), "amount");
        if (request.reference() != null && request.reference().length() > 255) {
            throw WithdrawalException.invalid("invalid_request", "reference is at most 255 characters");
        }
        ChainSpec chain = chain(request.chain());
        TokenSpec token;
        try {
            token = chain.token(request.asset());
        } catch (RegistryException e) {
            throw WithdrawalException.unprocessable("unsupported_asset", e.getMessage());
        }
        String to = destination(chain, request.toAddress());
        BigInteger base = baseUnits(request.amount(), token.decimals());
        BigInteger minor;
        try {
            minor = TokenUnits.toMinorUnits(base, token.decimals(), CURRENCY_DECIMALS);
        } catch (TokenUnits.PrecisionLossException e) {
            throw WithdrawalException.unprocessable("invalid_amount", "amount has more decimals than the ledger "
                    + "books (" + CURRENCY_DECIMALS + ")");
        }
        String hotWallet = canonicalAddress(chain, hotWallets.get(chain.name()));
        if (to.equals(hotWallet)) {
            throw WithdrawalException.unprocessable("invalid_address", "the destination is the platform's hot wallet");
        }
        return new ValidatedRequest(request.merchantId(), request.idempotencyKey(), chain.name(), chain.chainId(),
                token.symbol(), token.contract(), to, minor, base, request.reference(), hotWallet,
                request.requestedBy());
    }

    String destination(ChainSpec chain, String address) {
        try {
            return canonicalAddress(chain, address);
        } catch (InvalidAddressException e) {
            throw WithdrawalException.unprocessable("invalid_address", "to_address is not a valid " + chain.name()
                    + " address: " + e.getMessage());
        }
    }

    static String canonicalAddress(ChainSpec chain, String address) {
        return chain.family() == ChainFamily.EVM ? EvmAddress.parse(address).checksummed()
                : TronAddress.parse(address).base58();
    }

    /** A positive decimal string with at most {@code decimals} fractional digits → base units, exactly. */
    static BigInteger baseUnits(String amount, int decimals) {
        if (!DECIMAL.matcher(amount).matches()) {
            throw WithdrawalException.unprocessable("invalid_amount", "amount must be a decimal string such as "
                    + "\"12.50\" (digits, at most one point), got \"" + amount + "\"");
        }
        BigDecimal value = new BigDecimal(amount);
        if (value.signum() <= 0) {
            throw WithdrawalException.unprocessable("invalid_amount", "amount must be greater than zero");
        }
        BigDecimal scaled = value.movePointRight(decimals);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw WithdrawalException.unprocessable("invalid_amount", "amount has more than " + decimals
                    + " decimals, the token's precision");
        }
        return scaled.toBigIntegerExact();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw WithdrawalException.invalid("invalid_request", field + " is required");
        }
    }
}
