package io.stablerail.gateway.routing.web;

import io.stablerail.gateway.routing.ServiceClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchant API operations answered by another service; the gateway only adds who the merchant is. */
@RestController
class RoutedController {

    private final ServiceClient services;

    RoutedController(ServiceClient services) {
        this.services = services;
    }

    /** {@code GET /v1/balances} → ledger-service: available, held and total per currency, now or {@code as_of}. */
    @GetMapping("/v1/balances")
    ResponseEntity<byte[]> balances(@RequestAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE)
                                    AuthenticatedMerchant merchant,
                                    @RequestParam(name = "as_of", required = false) String asOf,
                                    HttpServletRequest request) {
        String path = "/internal/v1/merchants/" + URLEncoder.encode(merchant.merchantId(), StandardCharsets.UTF_8)
                + "/balances" + (asOf == null ? "" : "?as_of=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        ServiceClient.Answer answer = services.call("ledger-service", "GET", path, Relayed.headers(request, false),
                null);
        return Relayed.response(answer.status() == 200 ? MoneyFormat.balancesAsDecimals(answer) : answer);
    }
}
