package io.stablerail.deposit.deposits.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.deposit.addresses.web.PageCursor;
import io.stablerail.deposit.deposits.Deposit;
import io.stablerail.deposit.deposits.DepositQueries;
import io.stablerail.deposit.deposits.DepositRecord;
import io.stablerail.deposit.deposits.TokenCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A merchant's deposits (merchant id in the path, as for addresses). {@code amount} is a decimal string in token
 * units (as every amount of the merchant API), {@code amount_base_units} the integer the chain carried.
 */
@RestController
@RequestMapping("/internal/v1/merchants/{merchantId}/deposits")
class DepositController {

    record DepositView(String depositId, String chain, String txHash, long logIndex, long blockNumber,
                       String tokenContract, String currency, String amount, String amountBaseUnits,
                       String fromAddress, String toAddress,
                       String addressId, String customerReference, String status, Instant detectedAt,
                       Instant confirmedAt, Instant creditedAt, Instant orphanedAt) {
        static DepositView of(DepositRecord r, TokenCatalog tokens) {
            Deposit d = r.deposit();
            int decimals = tokens.token(d.chain(), d.tokenContract()).orElseThrow(() -> new IllegalStateException(
                    "deposit " + d.depositId() + " is of a token no longer configured: " + d.tokenContract()))
                    .decimals();
            String amount = new java.math.BigDecimal(d.amount(), decimals).toPlainString();
            return new DepositView(d.depositId().toString(), d.chain(), d.txHash(), d.logIndex(), d.blockNumber(),
                    d.tokenContract(), d.currency(), amount, d.amount().toString(), d.fromAddress(), d.toAddress(),
                    d.addressId().toString(), d.customerReference(), d.status().name(), r.detectedAt(),
                    r.confirmedAt(), r.creditedAt(), r.orphanedAt());
        }
    }

    record DepositPage(List<DepositView> deposits, String nextCursor) {
    }

    private final DepositQueries deposits;
    private final TokenCatalog tokens;

    DepositController(DepositQueries deposits, TokenCatalog tokens) {
        this.deposits = deposits;
        this.tokens = tokens;
    }

    /** Oldest first; {@code next_cursor} is absent on the last page. */
    @GetMapping
    DepositPage list(@PathVariable String merchantId, @RequestParam(required = false) String cursor,
                     @RequestParam(defaultValue = "50") int limit) {
        List<DepositRecord> page = deposits.list(merchantId, PageCursor.after(cursor), limit);
        String next = page.isEmpty() ? null : PageCursor.next(page.size(), limit, page.getLast().seq());
        return new DepositPage(page.stream().map(r -> DepositView.of(r, tokens)).toList(), next);
    }

    @GetMapping("/{depositId}")
    DepositView get(@PathVariable String merchantId, @PathVariable UUID depositId) {
        return DepositView.of(deposits.get(merchantId, depositId), tokens);
    }
}
