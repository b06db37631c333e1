package io.stablerail.withdrawal.withdrawals.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalException;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.WithdrawalRequest;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchant withdrawals, called by gateway-api (which authenticates the merchant and names the acting user in
 * {@code X-Actor}). A new withdrawal answers 201; a replay of the same key and body 200 with
 * {@code Idempotent-Replayed: true}.
 */
@RestController
@RequestMapping("/internal/v1")
class WithdrawalController {

    private final Withdrawals withdrawals;

    WithdrawalController(Withdrawals withdrawals) {
        this.withdrawals = withdrawals;
    }

    record CreateWithdrawalJson(String chain, String asset, String toAddress, String amount, String reference) {
    }

    /**
     * @param networkFee the network fee charged to the merchant on top of the amount (the chain's CHARGED fee, reserved
     *                   with it; zero where the platform absorbs the fee)
     * @param txHash     the transaction that stands for the withdrawal on chain ({@link Withdrawals#txHash}); null
     *                   until one is signed
     */
    record WithdrawalView(UUID id, String merchantId, String status, String chain, String asset, String toAddress,
                          String amount, String amountMinor, String networkFee, String networkFeeMinor, String txHash,
                          String reference, UUID holdId, int approvalsRequired, String failureCode, Instant notBefore,
                          Instant createdAt, Instant updatedAt) {
        static WithdrawalView of(Withdrawal w, Optional<String> txHash) {
            return new WithdrawalView(w.id(), w.merchantId(), w.status().name(), w.chain(), w.asset(), w.toAddress(),
                    decimal(w.amountMinor()), w.amountMinor().toString(), decimal(w.feeChargedMinor()),
                    w.feeChargedMinor().toString(), txHash.orElse(null), w.reference(), w.holdId(),
                    w.approvalsRequired(), w.failureCode(), w.notBefore(), w.createdAt(), w.updatedAt());
        }

        private static String decimal(BigInteger minor) {
            return new BigDecimal(minor).movePointLeft(ChainCatalog.CURRENCY_DECIMALS).toPlainString();
        }
    }

    private WithdrawalView view(Withdrawal withdrawal) {
        return WithdrawalView.of(withdrawal, withdrawals.txHash(withdrawal.id()));
    }

    @PostMapping("/merchants/{merchantId}/withdrawals")
    ResponseEntity<WithdrawalView> create(@PathVariable String merchantId,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                          @RequestHeader(name = "X-Actor", required = false) String actor,
                                          @RequestBody CreateWithdrawalJson body) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw WithdrawalException.invalid("idempotency_key_required", "an Idempotency-Key header of 1 to 255 "
                    + "characters is required");
        }
        if (!merchantId.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw WithdrawalException.invalid("invalid_request", "merchant id is malformed");
        }
        Withdrawals.Intake intake = withdrawals.request(new WithdrawalRequest(merchantId, key, body.chain(),
                body.asset(), body.toAddress(), body.amount(), body.reference(),
                actor == null || actor.isBlank() ? "merchant:" + merchantId : actor));
        return ResponseEntity.status(intake.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(intake.replayed()))
                // a new withdrawal has no transaction yet; a replayed one may
                .body(intake.replayed() ? view(intake.withdrawal())
                        : WithdrawalView.of(intake.withdrawal(), Optional.empty()));
    }

    record DestinationJson(String chain, String address) {
    }

    record DestinationView(String chain, String address, Instant usableFrom) {
    }

    /** Registers a destination ahead of use: its cool-down starts now. */
    @PostMapping("/merchants/{merchantId}/address-book")
    DestinationView addDestination(@PathVariable String merchantId, @RequestBody DestinationJson body) {
        Withdrawals.Destination destination = withdrawals.addDestination(merchantId, body.chain(), body.address());
        return new DestinationView(destination.chain(), destination.address(), destination.usableFrom());
    }

    /** A page of a merchant's withdrawals; {@code next_cursor} is absent on the last page. */
    record WithdrawalPage(List<WithdrawalView> withdrawals, String nextCursor) {
    }

    /** Oldest first, by creation; the cursor is the last withdrawal's creation instant (µs) and id. */
    @GetMapping("/merchants/{merchantId}/withdrawals")
    WithdrawalPage list(@PathVariable String merchantId, @RequestParam(required = false) String cursor,
                        @RequestParam(defaultValue = "50") int limit) {
        return pageOf(withdrawals.list(merchantId, position(cursor), limit), limit);
    }

    /** For ops: every merchant's withdrawals in one status (STUCK, PENDING_APPROVAL, AWAITING_LIQUIDITY …). */
    @GetMapping("/ops/withdrawals")
    WithdrawalPage opsList(@RequestParam String status, @RequestParam(required = false) String cursor,
                           @RequestParam(defaultValue = "50") int limit) {
        WithdrawalStatus wanted;
        try {
            wanted = WithdrawalStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw WithdrawalException.invalid("invalid_request", "status must be one of "
                    + java.util.Arrays.toString(WithdrawalStatus.values()));
        }
        return pageOf(withdrawals.listByStatus(wanted, position(cursor), limit), limit);
    }

    private WithdrawalPage pageOf(List<Withdrawal> page, int limit) {
        Map<UUID, String> txHashes = withdrawals.txHashes(page.stream().map(Withdrawal::id).toList());
        String next = page.size() < limit ? null : cursorOf(page.getLast());
        return new WithdrawalPage(page.stream()
                .map(w -> WithdrawalView.of(w, Optional.ofNullable(txHashes.get(w.id())))).toList(), next);
    }

    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,19})_([0-9a-f-]{36})");

    private static String cursorOf(Withdrawal last) {
        Instant created = last.createdAt();
        long micros = created.getEpochSecond() * 1_000_000L + created.getNano() / 1_000;
        return micros + "_" + last.id();
    }

    /** The position a cursor this API returned stands for; anything else is refused. */
    private static WithdrawalRepository.ListPosition position(String cursor) {
        if (cursor == null) {
            return null;
        }
        Matcher matcher = CURSOR.matcher(cursor);
        if (!matcher.matches()) {
            throw WithdrawalException.invalid("invalid_request", "cursor is not one this API returned");
        }
        try {
            long micros = Long.parseLong(matcher.group(1));
            return new WithdrawalRepository.ListPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                    UUID.fromString(matcher.group(2)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw WithdrawalException.invalid("invalid_request", "cursor is not one this API returned");
        }
    }

    @GetMapping("/merchants/{merchantId}/withdrawals/{id}")
    WithdrawalView get(@PathVariable String merchantId, @PathVariable UUID id) {
        return view(withdrawals.get(merchantId, id));
    }

    @PostMapping("/merchants/{merchantId}/withdrawals/{id}/cancel")
    WithdrawalView cancel(@PathVariable String merchantId, @PathVariable UUID id,
                          @RequestHeader(name = "X-Actor", required = false) String actor) {
        return view(withdrawals.cancel(merchantId, id,
                actor == null || actor.isBlank() ? "merchant:" + merchantId : actor));
    }

    @GetMapping("/ops/withdrawals/{id}")
    WithdrawalView opsGet(@PathVariable UUID id) {
        return view(withdrawals.get(id));
    }

    @PostMapping("/ops/withdrawals/{id}/approve")
    WithdrawalView approve(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor) {
        return view(withdrawals.approve(id, actor));
    }

    @PostMapping("/ops/withdrawals/{id}/reject")
    WithdrawalView reject(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor) {
        return view(withdrawals.reject(id, actor));
    }
}
