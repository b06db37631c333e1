package io.stablerail.deposit.webhooks.web;

import io.stablerail.deposit.webhooks.ProviderEvents;
import io.stablerail.deposit.webhooks.ProviderPayloads;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provider webhooks over the raw body bytes (the HMAC is over exactly what was sent). Signature headers:
 * {@code X-Alchemy-Signature} (alchemy), {@code X-Tron-Signature} (tron); hex HMAC-SHA256 of the body.
 */
@RestController
class WebhookController {

    static final String ALCHEMY_SIGNATURE = "X-Alchemy-Signature";
    static final String TRON_SIGNATURE = "X-Tron-Signature";

    record ReceiptView(boolean received, boolean duplicate) {
    }

    private final ProviderEvents events;

    WebhookController(ProviderEvents events) {
        this.events = events;
    }

    @PostMapping("/webhooks/providers/{provider}")
    ResponseEntity<ReceiptView> receive(@PathVariable String provider,
                                        @RequestBody(required = false) byte[] body,
                                        @RequestHeader(name = ALCHEMY_SIGNATURE, required = false) String alchemy,
                                        @RequestHeader(name = TRON_SIGNATURE, required = false) String tron) {
        String signature = switch (provider) {
            case ProviderPayloads.ALCHEMY -> alchemy;
            case ProviderPayloads.TRON -> tron;
            default -> null;
        };
        ProviderEvents.Receipt receipt = events.receive(provider, body == null ? new byte[0] : body, signature);
        return ResponseEntity.ok(new ReceiptView(true, receipt.duplicate()));
    }
}
