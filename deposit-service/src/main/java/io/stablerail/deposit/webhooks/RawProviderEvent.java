package io.stablerail.deposit.webhooks;

/** A provider webhook body as received (after its signature was verified). */
public record RawProviderEvent(long id, String provider, String providerEventId, String body, int attempts) {
}
