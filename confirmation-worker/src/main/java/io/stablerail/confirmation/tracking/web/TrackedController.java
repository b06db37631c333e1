package io.stablerail.confirmation.tracking.web;

import java.time.Instant;
import java.util.List;

import io.stablerail.confirmation.tracking.TrackedTransaction;
import io.stablerail.confirmation.tracking.Tracker;
import io.stablerail.confirmation.tracking.TrackingStatus;
import io.stablerail.events.transaction.TrackPurpose;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops endpoints (internal network only, behind the gateway's ops auth). Nothing here decides an outcome: "retry"
 * only makes an open transaction due now, and the checker applies the same checklist as always (DESIGN rule 10).
 */
@RestController
@RequestMapping("/internal/v1/tracked")
class TrackedController {

    static final int LIST_LIMIT_MAX = 500;

    private final Tracker tracker;

    TrackedController(Tracker tracker) {
        this.tracker = tracker;
    }

    @GetMapping
    List<TrackedView> list(@RequestParam(required = false) TrackingStatus status,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw new OpsException(HttpStatus.BAD_REQUEST, "invalid_limit", "limit must be 1.." + LIST_LIMIT_MAX);
        }
        return tracker.list(status, limit).stream().map(TrackedView::of).toList();
    }

    @GetMapping("/{purpose}/{reference}")
    TrackedView one(@PathVariable TrackPurpose purpose, @PathVariable String reference) {
        return tracker.find(purpose, reference).map(TrackedView::of).orElseThrow(() -> notTracked(purpose, reference));
    }

    @PostMapping("/{purpose}/{reference}/retry")
    ResponseEntity<TrackedView> retry(@PathVariable TrackPurpose purpose, @PathVariable String reference) {
        TrackedTransaction tracked = tracker.find(purpose, reference).orElseThrow(() -> notTracked(purpose, reference));
        if (!tracked.status().isOpen() || !tracker.retryNow(purpose, reference)) {
            throw new OpsException(HttpStatus.CONFLICT, "already_resolved", purpose + " " + reference
                    + " is already " + tracked.status() + "; an outcome is never re-decided");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(TrackedView.of(tracker.find(purpose, reference)
                .orElseThrow()));
    }

    private static OpsException notTracked(TrackPurpose purpose, String reference) {
        return new OpsException(HttpStatus.NOT_FOUND, "not_tracked", purpose + " " + reference + " is not tracked");
    }

    /** A tracked transaction as ops see it; amounts and fees are integer base units as strings. */
    record TrackedView(String purpose, String reference, String chain, String txHash, String tokenContract,
            String fromAddress, String toAddress, String amount, Long logIndex, Long nonce, Instant expirationAt,
            Instant broadcastAt, String status, Long blockSeenNumber, String blockSeenHash, int attempts,
            Instant nextCheckAt, String outcomeReason, String outcomeDetail, String feeAmount, Instant resolvedAt) {

        static TrackedView of(TrackedTransaction t) {
            return new TrackedView(t.purpose().name(), t.reference(), t.chain(), t.txHash(), t.tokenContract(),
                    t.fromAddress(), t.toAddress(), t.amount().toString(), t.logIndex(), t.nonce(), t.expirationAt(),
                    t.broadcastAt(), t.status().name(), t.blockSeenNumber(), t.blockSeenHash(), t.attempts(),
                    t.nextCheckAt(), t.outcomeReason(), t.outcomeDetail(),
                    t.feeAmount() == null ? null : t.feeAmount().toString(), t.resolvedAt());
        }
    }

    static final class OpsException extends RuntimeException {
        final HttpStatus status;
        final String code;

        OpsException(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
