package io.stablerail.withdrawal.broadcast.web;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import io.stablerail.withdrawal.broadcast.Attempt;
import io.stablerail.withdrawal.broadcast.BroadcastRepository;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.withdrawals.WithdrawalException;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops control of a withdrawal's EVM transaction (internal API; gateway-api authenticates the ops user and names them
 * in {@code X-Actor}). Bump: a replacement with the same nonce up to the maximum ops give (above the chain's cap is
 * allowed here, and only here). Cancel: a zero-value self-send with the same nonce, so the transfer can never be
 * mined. Refusals are problem details (see {@code WithdrawalProblems}) and change nothing.
 */
@RestController
@RequestMapping("/internal/v1/ops/withdrawals/{id}")
class TransactionOpsController {

    private static final int MAX_FEE_DIGITS = 30;

    private final Broadcaster broadcaster;
    private final BroadcastRepository attempts;
    private final Withdrawals withdrawals;

    TransactionOpsController(Broadcaster broadcaster, BroadcastRepository attempts, Withdrawals withdrawals) {
        this.broadcaster = broadcaster;
        this.attempts = attempts;
        this.withdrawals = withdrawals;
    }

    record ReplacementJson(String maxFeePerGasWei) {
    }

    record AttemptView(UUID id, int attemptNo, String kind, String status, String txid, Long nonce,
                       String feeLimit, UUID replaces) {
        static AttemptView of(Attempt a) {
            return new AttemptView(a.id(), a.attemptNo(), a.kind().name(), a.status().name(), a.txid(), a.nonce(),
                    a.feeLimit().toString(), a.replaces());
        }
    }

    record ReplacementView(UUID withdrawalId, String withdrawalStatus, AttemptView attempt) {
    }

    @GetMapping("/attempts")
    List<AttemptView> attempts(@PathVariable UUID id) {
        withdrawals.get(id);
        return attempts.attempts(id).stream().map(AttemptView::of).toList();
    }

    @PostMapping("/transaction/bump")
    ReplacementView bump(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor,
                         @RequestBody(required = false) ReplacementJson body) {
        requireActor(actor);
        BigInteger max = maxFee(body == null ? null : body.maxFeePerGasWei());
        if (max == null) {
            throw WithdrawalException.invalid("invalid_request", "max_fee_per_gas_wei is required for a bump");
        }
        return view(id, broadcaster.replacements().byOps(id, false, max, actor));
    }

    @PostMapping("/transaction/cancel")
    ReplacementView cancel(@PathVariable UUID id, @RequestHeader(name = "X-Actor", required = false) String actor,
                           @RequestBody(required = false) ReplacementJson body) {
        requireActor(actor);
        BigInteger max = maxFee(body == null ? null : body.maxFeePerGasWei());
        return view(id, broadcaster.replacements().byOps(id, true, max, actor));
    }

    private ReplacementView view(UUID id, Attempt attempt) {
        return new ReplacementView(id, withdrawals.get(id).status().name(), AttemptView.of(attempt));
    }

    private static BigInteger maxFee(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1," + MAX_FEE_DIGITS + "}") || new BigInteger(value).signum() <= 0) {
            throw WithdrawalException.invalid("invalid_request", "max_fee_per_gas_wei must be a positive integer "
                    + "(wei per gas) of at most " + MAX_FEE_DIGITS + " digits");
        }
        return new BigInteger(value);
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 128) {
            throw WithdrawalException.invalid("invalid_request", "the acting user (X-Actor header) is required");
        }
    }
}
