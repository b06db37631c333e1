package io.stablerail.deposit.addresses.messaging;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.DepositException;
import io.stablerail.events.MalformedEventException;
import io.stablerail.events.merchant.MerchantDepositKeysDerived;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Onboards merchants from the key side's {@code merchant.deposit-keys} (withdrawal-service), through the same
 * {@link AddressBook#registerXpubs} as the internal PUT: the xpubs and the inbox row commit together; the same xpubs
 * again change nothing. Keys that AddressBook refuses — different xpubs for a merchant that has some (never
 * replaced), an invalid or non-account-level key, keys that are not the announced account's
 * ({@code account_index_mismatch}) — can never be applied: the event goes straight to the dead-letter
 * topic, with an ops alert in the log and {@code stablerail_deposit_onboarding_refused_total{code}}. Anything else
 * (database down) is retried within the messaging bounds, then dead-lettered. Other types on the topic are
 * acknowledged without a database write.
 */
@Component
class DepositKeysConsumer {

    private static final Logger log = LoggerFactory.getLogger(DepositKeysConsumer.class);
    static final String CONSUMER = "deposit.merchant-deposit-keys";

    private final Inbox inbox;
    private final AddressBook addresses;
    private final MeterRegistry meters;

    DepositKeysConsumer(Inbox inbox, AddressBook addresses, MeterRegistry meters) {
        this.inbox = inbox;
        this.addresses = addresses;
        this.meters = meters;
    }

    @KafkaListener(id = CONSUMER, groupId = "deposit-service.merchants",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).MERCHANTS)}")
    void onMerchantEvent(ConsumerRecord<String, String> record) {
        inbox.process(CONSUMER, record.value(), Set.of(MerchantDepositKeysDerived.TYPE), event -> {
            MerchantDepositKeysDerived keys = event.payloadAs(MerchantDepositKeysDerived.class);
            try {
                AddressBook.Registration outcome = addresses.registerAnnouncedXpubs(keys.merchantId(),
                        keys.accountIndex(), keys.tronXpub(), keys.evmXpub());
                log.info("merchant {} onboarded from merchant.deposit-keys {} (account {}): {}", keys.merchantId(),
                        event.eventId(), keys.accountIndex(), outcome);
            } catch (DepositException refused) {
                Counter.builder("stablerail.deposit.onboarding_refused").tag("code", refused.code())
                        .description("merchant.deposit-keys events that could not be applied (sent to the DLT)")
                        .register(meters).increment();
                log.error("OPS ALERT merchant.deposit-keys {} for merchant {} (account {}) refused ({}): {}; sent to "
                        + "the dead-letter topic, the merchant's registered xpubs are unchanged", event.eventId(),
                        event.aggregateId(), keys.accountIndex(), refused.code(), refused.getMessage());
                throw new MalformedEventException("merchant.deposit-keys " + event.eventId() + " refused: "
                        + refused.code() + ": " + refused.getMessage(), refused);
            }
        });
    }
}
