package io.stablerail.gateway.ops.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.stablerail.gateway.routing.ServiceClient;
import io.stablerail.gateway.routing.web.Relayed;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Withdrawal operations for ops, behind the ops token ({@code /ops/api/withdrawals}), relayed to withdrawal-service's
 * internal ops API: find the withdrawals in a status (STUCK, PENDING_APPROVAL, AWAITING_LIQUIDITY …), read one and its
 * attempts, approve or reject, bump or cancel its transaction. Every route names a withdrawal by its UUID, so no other
 * internal path is reachable. {@code X-Actor} is the ops actor the edge authenticated (never what the caller sent):
 * withdrawal-service requires it for every action and enforces four-eyes with it (approver ≠ requester, each approver
 * once), so the decisions — approve, reject, bump, cancel — need an ops user's own token; the shared bootstrap token
 * gets 403 {@code ops_user_required}. Answers and problems are relayed unchanged.
 */
@RestController
@RequestMapping("/ops/api/withdrawals")
class OpsWithdrawalController {

    private static final String WITHDRAWALS = "withdrawal-service";
    private static final String INTERNAL = "/internal/v1/ops/withdrawals";

    private final ServiceClient services;

    OpsWithdrawalController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping
    ResponseEntity<byte[]> list(@RequestParam String status, @RequestParam(required = false) String cursor,
                                @RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
        return relay("GET", INTERNAL + Relayed.page(cursor, limit) + "&status="
                + URLEncoder.encode(status, StandardCharsets.UTF_8), request, null);
    }

    @GetMapping("/{id}")
    ResponseEntity<byte[]> get(@PathVariable UUID id, HttpServletRequest request) {
        return relay("GET", INTERNAL + "/" + id, request, null);
    }

    @GetMapping("/{id}/attempts")
    ResponseEntity<byte[]> attempts(@PathVariable UUID id, HttpServletRequest request) {
        return relay("GET", INTERNAL + "/" + id + "/attempts", request, null);
    }

    @PostMapping("/{id}/approve")
    ResponseEntity<byte[]> approve(@PathVariable UUID id, HttpServletRequest request) {
        OpsActors.personOnly(request, "approve a withdrawal");
        return relay("POST", INTERNAL + "/" + id + "/approve", request, new byte[0]);
    }

    @PostMapping("/{id}/reject")
    ResponseEntity<byte[]> reject(@PathVariable UUID id, HttpServletRequest request) {
        OpsActors.personOnly(request, "reject a withdrawal");
        return relay("POST", INTERNAL + "/" + id + "/reject", request, new byte[0]);
    }

    @PostMapping("/{id}/transaction/bump")
    ResponseEntity<byte[]> bump(@PathVariable UUID id, @RequestBody byte[] body, HttpServletRequest request) {
        OpsActors.personOnly(request, "bump a withdrawal's transaction");
        return relay("POST", INTERNAL + "/" + id + "/transaction/bump", request, body);
    }

    @PostMapping("/{id}/transaction/cancel")
    ResponseEntity<byte[]> cancel(@PathVariable UUID id, @RequestBody byte[] body, HttpServletRequest request) {
        OpsActors.personOnly(request, "cancel a withdrawal's transaction");
        return relay("POST", INTERNAL + "/" + id + "/transaction/cancel", request, body);
    }

    private ResponseEntity<byte[]> relay(String method, String path, HttpServletRequest request, byte[] body) {
        Map<String, String> headers = Relayed.headers(request, body != null);
        headers.put("X-Actor", OpsActors.of(request).name()); // the authenticated ops actor, never the caller's claim
        return Relayed.response(services.call(WITHDRAWALS, method, path, headers, body));
    }
}
