package io.stablerail.deposit.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.deposit.addresses.DepositException;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.deposit.deposits.DepositSource;
import io.stablerail.deposit.deposits.ObservedTransfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The webhook fast path: verify the HMAC over the raw body (bad or missing → refused, nothing stored), store the raw
 * event (unique on the provider's event id), then feed its transfers to the same {@link DepositRecorder} as the
 * scanners. A failure after the raw event is stored leaves it unprocessed for {@link #replayPending()}.
 */
@Service
public class ProviderEvents {

    private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);

    /** What a delivery did. */
    public record Receipt(long rawEventId, boolean duplicate, boolean processed) {
    }

    private final WebhookProperties properties;
    private final ProviderPayloads payloads;
    private final RawEventStore store;
    private final DepositRecorder recorder;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    public ProviderEvents(WebhookProperties properties, RawEventStore store, DepositRecorder recorder,
                          PlatformTransactionManager transactions, MeterRegistry meters) {
        this.properties = properties;
        this.payloads = new ProviderPayloads(properties.alchemyNetworks());
        this.store = store;
        this.recorder = recorder;
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    public Receipt receive(String provider, byte[] rawBody, String signatureHex) {
        byte[] key = (ProviderPayloads.ALCHEMY.equals(provider) || ProviderPayloads.TRON.equals(provider)
                ? properties.signingKey(provider) : Optional.<byte[]>empty())
                .orElseThrow(() -> new DepositException(DepositException.Kind.NOT_FOUND, "unknown_provider",
                        "no webhook provider " + provider + " is enabled"));
        if (rawBody.length > properties.bodyBytesMax()) {
            throw new DepositException(DepositException.Kind.INVALID, "payload_too_large",
                    "webhook bodies are at most " + properties.bodyBytesMax() + " bytes");
        }
        if (!WebhookSignatures.verify(key, rawBody, signatureHex)) {
            Counter.builder("deposit.webhook.rejected").tag("provider", provider).register(meters).increment();
            throw new DepositException(DepositException.Kind.UNAUTHORIZED, "invalid_signature",
                    "the webhook signature is missing or does not match the body");
        }
        String body = new String(rawBody, StandardCharsets.UTF_8);
        String eventId;
        try {
            eventId = payloads.eventId(provider, ProviderPayloads.parse(body));
        } catch (ProviderPayloads.InvalidPayloadException e) {
            throw new DepositException(DepositException.Kind.INVALID, "invalid_payload", e.getMessage());
        }
        RawEventStore.Stored stored = transaction.execute(status -> store.store(provider, eventId, body));
        Counter.builder("deposit.webhook.received").tag("provider", provider).register(meters).increment();
        boolean processed = process(stored.id());
        return new Receipt(stored.id(), !stored.created(), processed);
    }

    /** Processes stored events not yet processed, oldest first, bounded per run. Returns how many were processed. */
    public int replayPending() {
        int processed = 0;
        for (long id : store.pending(properties.replayBatchMax(), properties.replayAttemptsMax())) {
            if (process(id)) {
                processed++;
            }
        }
        return processed;
    }

    /** Records the event's transfers and marks it processed, in one transaction; false if it failed or was done. */
    boolean process(long rawEventId) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                Optional<RawProviderEvent> event = store.lockUnprocessed(rawEventId);
                if (event.isEmpty()) {
                    return false;
                }
                List<ObservedTransfer> transfers = payloads.transfers(event.get().provider(),
                        ProviderPayloads.parse(event.get().body()));
                recorder.record(DepositSource.WEBHOOK, transfers);
                store.markProcessed(rawEventId);
                return true;
            }));
        } catch (RuntimeException e) {
            log.warn("raw provider event {} not processed, left for replay: {}", rawEventId, e.toString());
            transaction.executeWithoutResult(status -> store.markFailed(rawEventId, e.toString()));
            return false;
        }
    }
}
