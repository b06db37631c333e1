package io.stablerail.ledger.books;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies an account by what it is, not by a database id: its kind, currency, owner (merchant accounts) or chain,
 * token and wallet (platform wallets). {@link #code()} is its stable natural key, e.g.
 * {@code merchant:m-42:MERCHANT_AVAILABLE:USDT} or {@code platform:HOT_WALLET:USDT:tron:TR7N…:TXyz…}.
 */
public record AccountRef(AccountKind kind, Currency currency, String merchantId, String chain, String token,
                         String wallet) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

    public AccountRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        if (kind.merchantOwned()) {
            requirePart(merchantId, "merchant id");
            if (!currency.isStablecoin()) {
                throw LedgerException.invalid("merchant accounts hold USDT or USDC, not " + currency);
            }
            if (chain != null || token != null || wallet != null) {
                throw LedgerException.invalid("merchant accounts are per currency across chains");
            }
        } else {
            if (merchantId != null) {
                throw LedgerException.invalid(kind + " is a platform account and has no merchant");
            }
            if (kind.onChainWallet()) {
                requirePart(chain, "chain");
                requirePart(token, "token");
                requirePart(wallet, "wallet");
            } else if (chain != null || token != null || wallet != null) {
                throw LedgerException.invalid(kind + " is not a wallet account");
            }
        }
    }

    public static AccountRef merchantAvailable(String merchantId, Currency currency) {
        return new AccountRef(AccountKind.MERCHANT_AVAILABLE, currency, merchantId, null, null, null);
    }

    public static AccountRef merchantHeld(String merchantId, Currency currency) {
        return new AccountRef(AccountKind.MERCHANT_HELD, currency, merchantId, null, null, null);
    }

    public static AccountRef wallet(AccountKind kind, Currency currency, String chain, String token, String wallet) {
        return new AccountRef(kind, currency, null, chain, token, wallet);
    }

    public static AccountRef platform(AccountKind kind, Currency currency) {
        return new AccountRef(kind, currency, null, null, null, null);
    }

    public String code() {
        if (kind.merchantOwned()) {
            return "merchant:" + merchantId + ":" + kind + ":" + currency;
        }
        if (kind.onChainWallet()) {
            return "platform:" + kind + ":" + currency + ":" + chain + ":" + token + ":" + wallet;
        }
        return "platform:" + kind + ":" + currency;
    }

    public boolean isMerchant() {
        return kind.merchantOwned();
    }

    private static void requirePart(String value, String name) {
        if (value == null || !PART.matcher(value).matches()) {
            throw LedgerException.invalid(name + " must be 1-100 characters of letters, digits, '_', '.', '-': "
                    + value);
        }
    }
}
