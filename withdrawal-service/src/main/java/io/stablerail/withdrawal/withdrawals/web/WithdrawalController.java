package io.stablerail.withdrawal.withdrawals.web;

import java.time.Instant;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalException;
import io.stablerail.withdrawal.withdrawals.WithdrawalRequest;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
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

    record WithdrawalView(UUID id, String merchantId, String status, String chain, String asset, String toAddress,
                          String amount, String amountMinor, String reference, UUID holdId, int approvalsRequired,
                          String failureCode, Instant notBefore, Instant createdAt, Instant updatedAt) {
        static WithdrawalView of(Withdrawal w) {
            return new WithdrawalView(w.id(), w.merchantId(), w.status().name(), w.chain(), w.asset(), w.toAddress(),
                    new java.math.BigDecimal(w.amountMinor()).movePointLeft(io.stablerail.withdrawal.withdrawals.ChainCatalog.CURRENCY_DECIMALS).toPlainString(),
                    w.amountMinor().toString(), w.reference(), w.holdId(), w.approvalsRequired(), w.failureCode(),
                    w.notBefore(), w.createdAt(), w.updatedAt());
        }
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
                .body(WithdrawalView.of(intake.withdrawal()));
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

    @GetMapping("/merchants/{merchantId}/withdrawals/{id}")
    WithdrawalView get(@PathVariable String merchantId, @PathVariable UUID id) {
        return WithdrawalView.of(withdrawals.get(merchantId, id));
    }

    @PostMapping("/merchants/{merchantId}/withdrawals/{id}/cancel")
    WithdrawalView cancel(@PathVariable String merchantId, @PathVariable UUID id,
                          @RequestHeader(name = "X-Actor", required = false) String actor) {
        return WithdrawalView.of(withdrawals.cancel(merchantId, id,
                actor == null || actor.isBlank() ? "merchant:" + merchantId : actor));
    }

    @GetMapping("/ops/withdrawals/{id}")
    WithdrawalView opsGet(@PathVariable UUID id) {
        return WithdrawalView.of(withdrawals.get(id));
    }

    @PostMapping("/ops/withdrawals/{id}/approve")
    WithdrawalView approve(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor) {
        return WithdrawalView.of(withdrawals.approve(id, actor));
    }

    @PostMapping("/ops/withdrawals/{id}/reject")
    WithdrawalView reject(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor) {
        return WithdrawalView.of(withdrawals.reject(id, actor));
    }
}
