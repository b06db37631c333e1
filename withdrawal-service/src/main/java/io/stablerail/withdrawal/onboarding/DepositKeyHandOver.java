package io.stablerail.withdrawal.onboarding;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.merchant.MerchantDepositKeysDerived;
import io.stablerail.events.merchant.MerchantOnboarded;
import io.stablerail.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a new merchant's account xpubs to deposit-service: derives {@code m/44'/195'/{account}'} and
 * {@code m/44'/60'/{account}'} from the deposit seed and appends {@code merchant.deposit-keys} to the outbox, in the
 * caller's transaction (the consumer's inbox transaction, so a redelivered {@code merchant.onboarded} hands over once).
 * Only public keys leave this class.
 */
public class DepositKeyHandOver {

    private static final Logger log = LoggerFactory.getLogger(DepositKeyHandOver.class);
    private static final String MERCHANT_ID = "[A-Za-z0-9_-]{1,64}";

    private final DepositSeed seed;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter handedOver;

    public DepositKeyHandOver(DepositSeed seed, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.seed = seed;
        this.outbox = outbox;
        this.clock = clock;
        this.handedOver = Counter.builder("stablerail.withdrawal.deposit_keys_handed_over")
                .description("merchants whose account xpubs were handed to deposit-service").register(meters);
    }

    /**
     * @param sourceEventId the {@code merchant.onboarded} event's id; the outgoing event's id is derived from it
     * @throws IllegalArgumentException for an event that can never be handed over (bad merchant id or index)
     */
    public MerchantDepositKeysDerived handOver(MerchantOnboarded onboarded, UUID sourceEventId) {
        if (onboarded.merchantId() == null || !onboarded.merchantId().matches(MERCHANT_ID)) {
            throw new IllegalArgumentException("merchant id must be 1-64 letters, digits, '_' or '-'");
        }
        if (onboarded.accountIndex() < 1) {
            // gateway-api allocates 1 to 2^31-1; 0 is never a merchant's (and is what a missing field reads as)
            throw new IllegalArgumentException("account index must be 1 to 2^31-1, was " + onboarded.accountIndex());
        }
        DepositSeed.AccountXpubs xpubs = seed.accountXpubs(onboarded.accountIndex());
        MerchantDepositKeysDerived keys = new MerchantDepositKeysDerived(onboarded.merchantId(),
                onboarded.accountIndex(), xpubs.tronXpub(), xpubs.evmXpub());
        outbox.append(Topics.MERCHANTS, EventEnvelope.of(eventIdFor(sourceEventId), keys, clock.instant()));
        handedOver.increment();
        log.info("deposit keys of merchant {} (account {}) handed over to deposit-service", onboarded.merchantId(),
                onboarded.accountIndex());
        return keys;
    }

    /** One {@code merchant.deposit-keys} per {@code merchant.onboarded}: the same source always gives the same id. */
    static UUID eventIdFor(UUID sourceEventId) {
        return UUID.nameUUIDFromBytes(("merchant.deposit-keys|" + sourceEventId).getBytes(StandardCharsets.UTF_8));
    }
}
