package io.stablerail.ledger.books.messaging;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.events.withdrawal.NonceGapFilled;
import io.stablerail.events.withdrawal.WithdrawalConfirmed;
import io.stablerail.events.withdrawal.WithdrawalFailed;
import io.stablerail.ledger.books.AccountKind;
import io.stablerail.ledger.books.AccountRef;
import io.stablerail.ledger.books.Books;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.EntryRequest;
import io.stablerail.ledger.books.HoldStatus;
import io.stablerail.ledger.books.LedgerKeys;
import io.stablerail.ledger.books.PostingLine;
import org.springframework.stereotype.Component;

/**
 * Turns chain facts into entries. Each entry's idempotency key is derived from the chain fact (DESIGN rule 3), so a
 * fact reported twice — by two events, a replay, or a webhook and a scanner — is booked once.
 */
@Component
public class ChainFactTranslator {

    /** Token of the native-asset wallet accounts that pay network fees. */
    public static final String NATIVE_TOKEN = "native";

    private final Books books;

    public ChainFactTranslator(Books books) {
        this.books = books;
    }

    /**
     * DR the deposit wallet (platform asset), CR the merchant's available balance — for many confirmed deposits,
     * atomically through {@link Books#postAll} (one transaction, balances locked once):
     * all of them or none. A deposit reported twice in the list (same fact, same content) is booked once; the same
     * fact with other content makes the whole call fail, as it would on its own.
     */
    public void depositsConfirmed(List<Fact<DepositConfirmed>> deposits) {
        Map<String, EntryRequest> entries = new java.util.LinkedHashMap<>();
        List<EntryRequest> conflicting = new java.util.ArrayList<>();
        for (Fact<DepositConfirmed> deposit : deposits) {
            EntryRequest entry = depositEntry(deposit.fact(), deposit.occurredAt());
            EntryRequest earlier = entries.putIfAbsent(entry.idempotencyKey(), entry);
            if (earlier != null && !earlier.fingerprint().equals(entry.fingerprint())) {
                conflicting.add(entry);
            }
        }
        List<EntryRequest> batch = new java.util.ArrayList<>(entries.values());
        batch.addAll(conflicting); // Books refuses a key twice in one batch: the caller then books them one by one
        for (int from = 0; from < batch.size(); from += Books.BATCH_MAX) {
            books.postAll(batch.subList(from, Math.min(batch.size(), from + Books.BATCH_MAX)));
        }
    }

    /** A chain fact and when it happened (its event's {@code occurred_at}). */
    public record Fact<T>(T fact, Instant occurredAt) {
    }

    private static EntryRequest depositEntry(DepositConfirmed deposit, Instant occurredAt) {
        Currency currency = Currency.parse(deposit.currency());
        BigInteger amount = minorUnits(deposit.amount());
        AccountRef wallet = AccountRef.wallet(AccountKind.DEPOSIT_WALLET, currency, deposit.chain(),
                deposit.tokenContract(), deposit.toAddress());
        return new EntryRequest(
                LedgerKeys.chainFact(deposit.chainId(), deposit.txHash(), deposit.logIndex(), "DEPOSIT"), "DEPOSIT",
                occurredAt, deposit.depositId(),
                Map.of("tx_hash", deposit.txHash(), "chain", deposit.chain(), "deposit_id", deposit.depositId()),
                List.of(PostingLine.debit(wallet, amount),
                        PostingLine.credit(AccountRef.merchantAvailable(deposit.merchantId(), currency), amount)));
    }

    /**
     * Posts the hold to the hot wallet (the tokens left it) — and a network fee the merchant is charged to
     * {@code FEE_REVENUE}, in the same entry — and books the network fee actually paid.
     */
    public void withdrawalConfirmed(WithdrawalConfirmed withdrawal, Instant occurredAt) {
        Currency currency = Currency.parse(withdrawal.currency());
        UUID holdId = UUID.fromString(withdrawal.holdId());
        AccountRef hotWallet = AccountRef.wallet(AccountKind.HOT_WALLET, currency, withdrawal.chain(),
                withdrawal.tokenContract(), withdrawal.hotWallet());
        BigInteger charged = withdrawal.feeCharged() == null ? BigInteger.ZERO : minorUnits(withdrawal.feeCharged());
        if (charged.signum() > 0) {
            books.postWithCharge(holdId, minorUnits(withdrawal.amount()), hotWallet, charged,
                    AccountRef.platform(AccountKind.FEE_REVENUE, currency));
        } else {
            books.post(holdId, minorUnits(withdrawal.amount()), hotWallet);
        }
        bookFee(withdrawal.chain(), withdrawal.chainId(), withdrawal.txHash(), withdrawal.hotWallet(),
                withdrawal.feeCurrency(), withdrawal.feeAmount(), withdrawal.withdrawalId(), occurredAt);
    }

    /** Voids the hold; books the burned fee when a failed transaction was mined. */
    public void withdrawalFailed(WithdrawalFailed withdrawal, Instant occurredAt) {
        UUID holdId = UUID.fromString(withdrawal.holdId());
        if (books.hold(holdId).map(hold -> hold.status() == HoldStatus.PENDING).orElse(false)) {
            books.voidHold(holdId);
        }
        if (withdrawal.txHash() != null && withdrawal.feeAmount() != null) {
            bookFee(withdrawal.chain(), withdrawal.chainId(), withdrawal.txHash(), withdrawal.hotWallet(),
                    withdrawal.feeCurrency(), withdrawal.feeAmount(), withdrawal.withdrawalId(), occurredAt);
        }
    }

    /**
     * A zero-value self-send that filled a hot wallet's nonce gap was mined: only its network fee moved, booked as a
     * withdrawal's fee is (same chain-fact key, so the fee of one transaction is booked once whatever reports it).
     */
    public void nonceGapFilled(NonceGapFilled filled, Instant occurredAt) {
        bookFee(filled.chain(), filled.chainId(), filled.txHash(), filled.hotWallet(), filled.feeCurrency(),
                filled.feeAmount(), "nonce-gap-filler:" + filled.fillerId(), occurredAt);
    }

    /**
     * DR network fee expense, CR the hot wallet's native asset. The native balance must have been booked when the
     * wallet was funded with gas; a fee larger than it is refused (insufficient funds) rather than booked blind.
     */
    private void bookFee(String chain, String chainId, String txHash, String hotWallet, String feeCurrency,
                         String feeAmount, String reference, Instant occurredAt) {
        BigInteger fee = minorUnits(feeAmount);
        if (fee.signum() == 0) {
            return;
        }
        Currency native_ = Currency.parse(feeCurrency);
        books.post(new EntryRequest(LedgerKeys.chainFact(chainId, txHash, -1, "NETWORK_FEE"), "NETWORK_FEE",
                occurredAt, reference, Map.of("tx_hash", txHash, "chain", chain),
                List.of(PostingLine.debit(AccountRef.platform(AccountKind.NETWORK_FEE_EXPENSE, native_), fee),
                        PostingLine.credit(AccountRef.wallet(AccountKind.HOT_WALLET, native_, chain, NATIVE_TOKEN,
                                hotWallet), fee))));
    }

    private static BigInteger minorUnits(String amount) {
        if (amount == null || !amount.matches("[0-9]{1,70}")) {
            throw new IllegalArgumentException("amount is not an integer of minor units: " + amount);
        }
        return new BigInteger(amount);
    }
}
