package io.stablerail.gateway.routing.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import io.stablerail.gateway.routing.ServiceClient;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deposit addresses and deposits (deposit-service) and withdrawals (withdrawal-service) for the authenticated
 * merchant. The gateway adds who the merchant is (path of the internal API) and relays bodies and answers, problem
 * details included; the services validate. Withdrawals pass the {@code Idempotency-Key} on: withdrawal-service keeps
 * its own unique key per merchant, so a retry that reaches it twice still makes one withdrawal.
 */
@RestController
class MoneyMovementController {

    private static final String DEPOSITS = "deposit-service";
    private static final String WITHDRAWALS = "withdrawal-service";

    private final ServiceClient services;

    MoneyMovementController(ServiceClient services) {
        this.services = services;
    }

    @PostMapping("/v1/deposit-addresses")
    ResponseEntity<byte[]> createDepositAddress(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                                AuthenticatedMerchant merchant, @RequestBody byte[] body,
                                                HttpServletRequest request) {
        return relay(DEPOSITS, "POST", merchantPath(merchant, "/deposit-addresses"), request, body, null);
    }

    @GetMapping("/v1/deposit-addresses")
    ResponseEntity<byte[]> listDepositAddresses(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                                AuthenticatedMerchant merchant,
                                                @RequestParam(required = false) String cursor,
                                                @RequestParam(defaultValue = "50") int limit,
                                                HttpServletRequest request) {
        return relay(DEPOSITS, "GET", merchantPath(merchant, "/deposit-addresses") + Relayed.page(cursor, limit), request,
                null, null);
    }

    @GetMapping("/v1/deposit-addresses/{addressId}")
    ResponseEntity<byte[]> getDepositAddress(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                             AuthenticatedMerchant merchant, @PathVariable UUID addressId,
                                             HttpServletRequest request) {
        return relay(DEPOSITS, "GET", merchantPath(merchant, "/deposit-addresses/" + addressId), request, null, null);
    }

    @GetMapping("/v1/deposits")
    ResponseEntity<byte[]> listDeposits(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                        AuthenticatedMerchant merchant, @RequestParam(required = false) String cursor,
                                        @RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
        return relay(DEPOSITS, "GET", merchantPath(merchant, "/deposits") + Relayed.page(cursor, limit), request, null, null);
    }

    @GetMapping("/v1/deposits/{depositId}")
    ResponseEntity<byte[]> getDeposit(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                      AuthenticatedMerchant merchant, @PathVariable UUID depositId,
                                      HttpServletRequest request) {
        return relay(DEPOSITS, "GET", merchantPath(merchant, "/deposits/" + depositId), request, null, null);
    }

    @GetMapping("/v1/withdrawals")
    ResponseEntity<byte[]> listWithdrawals(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                           AuthenticatedMerchant merchant,
                                           @RequestParam(required = false) String cursor,
                                           @RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
        return relay(WITHDRAWALS, "GET", merchantPath(merchant, "/withdrawals") + Relayed.page(cursor, limit), request, null,
                null);
    }

    @PostMapping("/v1/withdrawals")
    ResponseEntity<byte[]> createWithdrawal(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                            AuthenticatedMerchant merchant, @RequestBody byte[] body,
                                            HttpServletRequest request) {
        return relay(WITHDRAWALS, "POST", merchantPath(merchant, "/withdrawals"), request, body,
                request.getHeader("Idempotency-Key"));
    }

    @GetMapping("/v1/withdrawals/{withdrawalId}")
    ResponseEntity<byte[]> getWithdrawal(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                         AuthenticatedMerchant merchant, @PathVariable UUID withdrawalId,
                                         HttpServletRequest request) {
        return relay(WITHDRAWALS, "GET", merchantPath(merchant, "/withdrawals/" + withdrawalId), request, null, null);
    }

    @PostMapping("/v1/withdrawals/{withdrawalId}/cancel")
    ResponseEntity<byte[]> cancelWithdrawal(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                            AuthenticatedMerchant merchant, @PathVariable UUID withdrawalId,
                                            HttpServletRequest request) {
        return relay(WITHDRAWALS, "POST", merchantPath(merchant, "/withdrawals/" + withdrawalId + "/cancel"),
                request, new byte[0], null);
    }

    @PostMapping("/v1/withdrawal-destinations")
    ResponseEntity<byte[]> addDestination(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                          AuthenticatedMerchant merchant, @RequestBody byte[] body,
                                          HttpServletRequest request) {
        return relay(WITHDRAWALS, "POST", merchantPath(merchant, "/address-book"), request, body, null);
    }

    private ResponseEntity<byte[]> relay(String service, String method, String path, HttpServletRequest request,
                                         byte[] body, String idempotencyKey) {
        Map<String, String> headers = Relayed.headers(request, body != null);
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return Relayed.response(services.call(service, method, path, headers, body));
    }

    private static String merchantPath(AuthenticatedMerchant merchant, String rest) {
        return "/internal/v1/merchants/" + URLEncoder.encode(merchant.merchantId(), StandardCharsets.UTF_8) + rest;
    }
}
