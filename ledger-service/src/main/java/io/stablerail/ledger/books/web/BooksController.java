package io.stablerail.ledger.books.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.ledger.books.Books;
import io.stablerail.ledger.books.Currency;
import io.stablerail.ledger.books.HoldRequest;
import io.stablerail.ledger.books.LedgerException;
import io.stablerail.ledger.books.PostedEntry;
import io.stablerail.ledger.books.StatementLine;
import io.stablerail.ledger.books.web.LedgerDtos.BalanceView;
import io.stablerail.ledger.books.web.LedgerDtos.BalancesView;
import io.stablerail.ledger.books.web.LedgerDtos.BatchJson;
import io.stablerail.ledger.books.web.LedgerDtos.EntryJson;
import io.stablerail.ledger.books.web.LedgerDtos.HoldJson;
import io.stablerail.ledger.books.web.LedgerDtos.HoldView;
import io.stablerail.ledger.books.web.LedgerDtos.PostHoldJson;
import io.stablerail.ledger.books.web.LedgerDtos.PostedEntryJson;
import io.stablerail.ledger.books.web.LedgerDtos.StatementLineView;
import io.stablerail.ledger.books.web.LedgerDtos.StatementPage;
import io.stablerail.ledger.books.web.LedgerDtos.WalletBalanceView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands that need an answer now (create entry, holds) and reads (balances, statements, platform wallets). A replayed
 * command answers 200 with {@code Idempotent-Replayed: true}; a new one 201.
 */
@RestController
@RequestMapping("/internal/v1")
class BooksController {

    static final int STATEMENT_LIMIT_MAX = 100;
    static final int CSV_LIMIT_MAX = 10_000;

    private final Books books;
    private final Clock clock;

    BooksController(Books books, Clock clock) {
        this.books = books;
        this.clock = clock;
    }

    @PostMapping("/entries")
    ResponseEntity<PostedEntryJson> createEntry(@RequestBody EntryJson body) {
        PostedEntry entry = books.post(body.toRequest(clock.instant()));
        return ResponseEntity.status(entry.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(entry.replayed()))
                .body(PostedEntryJson.of(entry));
    }

    @PostMapping("/entries/batch")
    ResponseEntity<List<PostedEntryJson>> createEntries(@RequestBody BatchJson body) {
        if (body.entries() == null) {
            throw LedgerException.invalid("entries are required");
        }
        Instant now = clock.instant();
        List<PostedEntry> entries = books.postAll(body.entries().stream().map(e -> e.toRequest(now)).toList());
        return ResponseEntity.status(HttpStatus.CREATED).body(entries.stream().map(PostedEntryJson::of).toList());
    }

    @PostMapping("/holds")
    ResponseEntity<HoldView> reserve(@RequestBody HoldJson body) {
        if (body.holdId() == null) {
            throw LedgerException.invalid("hold_id is required");
        }
        boolean existed = books.hold(body.holdId()).isPresent();
        HoldView hold = HoldView.of(books.reserve(new HoldRequest(body.holdId(), body.merchantId(),
                Currency.parse(body.currency()), LedgerDtos.minorUnits(body.amount(), false), body.expiresAt(),
                body.reference())));
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(existed)).body(hold);
    }

    @GetMapping("/holds/{holdId}")
    HoldView hold(@PathVariable UUID holdId) {
        return HoldView.of(books.hold(holdId).orElseThrow(() -> LedgerException.holdNotFound(holdId)));
    }

    @PostMapping("/holds/{holdId}/post")
    HoldView post(@PathVariable UUID holdId, @RequestBody PostHoldJson body) {
        if (body.destination() == null) {
            throw LedgerException.invalid("destination is required");
        }
        return HoldView.of(books.post(holdId, LedgerDtos.minorUnits(body.amount(), false),
                body.destination().toRef()));
    }

    @PostMapping("/holds/{holdId}/void")
    HoldView voidHold(@PathVariable UUID holdId) {
        return HoldView.of(books.voidHold(holdId));
    }

    @GetMapping("/merchants/{merchantId}/balances")
    BalancesView balances(@PathVariable String merchantId,
                          @RequestParam(name = "as_of", required = false) Instant asOf) {
        return new BalancesView(merchantId, asOf,
                books.merchantBalances(merchantId, asOf).stream().map(BalanceView::of).toList());
    }

    @GetMapping("/merchants/{merchantId}/statement")
    StatementPage statement(@PathVariable String merchantId, @RequestParam String currency,
                            @RequestParam(name = "starting_after", defaultValue = "0") long startingAfter,
                            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > STATEMENT_LIMIT_MAX) {
            throw LedgerException.invalid("limit must be between 1 and " + STATEMENT_LIMIT_MAX);
        }
        List<StatementLine> lines = books.statement(merchantId, Currency.parse(currency), startingAfter, limit + 1);
        boolean hasMore = lines.size() > limit;
        List<StatementLine> page = hasMore ? lines.subList(0, limit) : lines;
        return new StatementPage(page.stream().map(StatementLineView::of).toList(), hasMore,
                hasMore ? page.getLast().cursor() : null);
    }

    @GetMapping(path = "/merchants/{merchantId}/statement.csv", produces = "text/csv")
    ResponseEntity<byte[]> statementCsv(@PathVariable String merchantId, @RequestParam String currency,
                                        @RequestParam(name = "starting_after", defaultValue = "0") long startingAfter,
                                        @RequestParam(defaultValue = "10000") int limit) {
        if (limit < 1 || limit > CSV_LIMIT_MAX) {
            throw LedgerException.invalid("limit must be between 1 and " + CSV_LIMIT_MAX);
        }
        StringBuilder csv = new StringBuilder("cursor,recorded_at,entry_id,entry_type,reference,account,currency,amount\n");
        for (StatementLine line : books.statement(merchantId, Currency.parse(currency), startingAfter, limit)) {
            csv.append(line.cursor()).append(',').append(line.recordedAt()).append(',').append(line.entryId())
                    .append(',').append(line.entryType()).append(',').append(csvField(line.reference()))
                    .append(',').append(line.accountKind()).append(',').append(line.currency()).append(',')
                    .append(line.amount()).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + merchantId + "-"
                        + currency + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/platform/wallet-balances")
    List<WalletBalanceView> walletBalances() {
        return books.platformWalletBalances().stream().map(WalletBalanceView::of).toList();
    }

    /** RFC 4180 quoting, and no formula injection when a spreadsheet opens the file. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return safe.matches(".*[\",\\n\\r].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
