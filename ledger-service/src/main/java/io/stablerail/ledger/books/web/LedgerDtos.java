package io.stablerail.ledger.books.web;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stablerail.ledger.books.AccountBalance;
import io.stablerail.ledger.books.AccountKind;
import io.stablerail.ledger.books.AccountRef;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.EntryRequest;
import io.stablerail.ledger.books.Hold;
import io.stablerail.ledger.books.LedgerException;
import io.stablerail.ledger.books.MerchantBalance;
import io.stablerail.ledger.books.PostedEntry;
import io.stablerail.ledger.books.PostingLine;
import io.stablerail.ledger.books.StatementLine;

/** JSON shapes of the internal API (snake_case). Amounts are integer minor units written as strings. */
final class LedgerDtos {

    private LedgerDtos() {
    }

    record AccountJson(String kind, String currency, String merchantId, String chain, String token, String wallet) {
        AccountRef toRef() {
            if (kind == null) {
                throw LedgerException.invalid("account.kind is required");
            }
            AccountKind accountKind;
            try {
                accountKind = AccountKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw LedgerException.invalid("unknown account kind: " + kind);
            }
            return new AccountRef(accountKind, Currency.parse(currency), merchantId, chain, token, wallet);
        }

        static AccountJson of(AccountRef ref) {
            return new AccountJson(ref.kind().name(), ref.currency().name(), ref.merchantId(), ref.chain(),
                    ref.token(), ref.wallet());
        }
    }

    record PostingJson(AccountJson account, String amount) {
        PostingLine toLine() {
            if (account == null) {
                throw LedgerException.invalid("posting.account is required");
            }
            return new PostingLine(account.toRef(), minorUnits(amount, true));
        }
    }

    record EntryJson(String idempotencyKey, String type, Instant occurredAt, String reference,
                     Map<String, String> metadata, List<PostingJson> postings) {
        EntryRequest toRequest(Instant now) {
            if (postings == null) {
                throw LedgerException.unbalanced("postings are required");
            }
            return new EntryRequest(idempotencyKey, type, occurredAt == null ? now : occurredAt, reference, metadata,
                    postings.stream().map(PostingJson::toLine).toList());
        }
    }

    record BatchJson(List<EntryJson> entries) {
    }

    record PostedEntryJson(UUID entryId, String idempotencyKey, String type, Instant occurredAt, Instant recordedAt,
                           String reference, Map<String, String> metadata, List<PostingJson> postings) {
        static PostedEntryJson of(PostedEntry entry) {
            return new PostedEntryJson(entry.entryId(), entry.idempotencyKey(), entry.type(), entry.occurredAt(),
                    entry.recordedAt(), entry.reference(), entry.metadata(), entry.postings().stream()
                    .map(p -> new PostingJson(AccountJson.of(p.account()), p.amount().toString())).toList());
        }
    }

    record HoldJson(UUID holdId, String merchantId, String currency, String amount, Instant expiresAt,
                    String reference) {
    }

    record PostHoldJson(String amount, AccountJson destination) {
    }

    record HoldView(UUID holdId, String merchantId, String currency, String amount, String status,
                    String postedAmount, Instant expiresAt, String reference, Instant createdAt, Instant resolvedAt) {
        static HoldView of(Hold hold) {
            return new HoldView(hold.id(), hold.merchantId(), hold.currency().name(), hold.amount().toString(),
                    hold.status().name(), hold.postedAmount() == null ? null : hold.postedAmount().toString(),
                    hold.expiresAt(), hold.reference(), hold.createdAt(), hold.resolvedAt());
        }
    }

    record BalanceView(String currency, String available, String held, String total) {
        static BalanceView of(MerchantBalance balance) {
            return new BalanceView(balance.currency().name(), balance.available().toString(),
                    balance.held().toString(), balance.total().toString());
        }
    }

    record BalancesView(String merchantId, Instant asOf, List<BalanceView> balances) {
    }

    record WalletBalanceView(String chain, String token, String wallet, String kind, String currency,
                             String balance) {
        static WalletBalanceView of(AccountBalance balance) {
            AccountRef a = balance.account();
            return new WalletBalanceView(a.chain(), a.token(), a.wallet(), a.kind().name(), a.currency().name(),
                    balance.balance().toString());
        }
    }

    record StatementLineView(long cursor, UUID entryId, String entryType, String reference, String account,
                             String currency, String amount, Instant recordedAt) {
        static StatementLineView of(StatementLine line) {
            return new StatementLineView(line.cursor(), line.entryId(), line.entryType(), line.reference(),
                    line.accountKind(), line.currency().name(), line.amount().toString(), line.recordedAt());
        }
    }

    record StatementPage(List<StatementLineView> data, boolean hasMore, Long nextCursor) {
    }

    static BigInteger minorUnits(String amount, boolean signed) {
        String pattern = signed ? "-?[0-9]{1,70}" : "[0-9]{1,70}";
        if (amount == null || !amount.matches(pattern)) {
            throw LedgerException.invalid("amount must be " + (signed ? "a signed" : "an")
                    + " integer of minor units written as a string, got " + amount);
        }
        return new BigInteger(amount);
    }
}
