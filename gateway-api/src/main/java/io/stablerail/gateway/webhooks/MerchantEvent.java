package io.stablerail.gateway.webhooks;

import java.time.Instant;

/**
 * A fact a merchant is told about, as {@code GET /v1/events} returns it and as webhooks carry it.
 *
 * @param id      {@code evt_…}, stable across retries: receivers deduplicate on it
 * @param data    the JSON object of the fact
 */
public record MerchantEvent(String id, String merchantId, String type, Instant created, String data) {
}
