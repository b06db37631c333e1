package io.stablerail.withdrawal.onboarding.messaging;

import java.util.Set;

import io.stablerail.events.MalformedEventException;
import io.stablerail.events.merchant.MerchantOnboarded;
import io.stablerail.messaging.inbox.Inbox;
import io.stablerail.withdrawal.onboarding.DepositKeyHandOver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code merchant.onboarded} from gateway-api. The outgoing {@code merchant.deposit-keys} outbox row and the
 * inbox row commit together, so a redelivered event hands the keys over once. An event that can never be handed over
 * (bad merchant id or account index) goes straight to the dead-letter topic with an ops alert; anything else (database
 * down) is retried within the messaging bounds, then dead-lettered. Other types on the topic (our own
 * {@code merchant.deposit-keys}) are acknowledged without a database write.
 */
@Component
class MerchantOnboardedConsumer {

    private static final Logger log = LoggerFactory.getLogger(MerchantOnboardedConsumer.class);
    static final String CONSUMER = "withdrawal.merchant-onboarding";

    private final Inbox inbox;
    private final DepositKeyHandOver handOver;

    MerchantOnboardedConsumer(Inbox inbox, DepositKeyHandOver handOver) {
        this.inbox = inbox;
        this.handOver = handOver;
    }

    @KafkaListener(id = CONSUMER, groupId = "withdrawal-service.merchants",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).MERCHANTS)}")
    void onMerchantEvent(ConsumerRecord<String, String> record) {
        inbox.process(CONSUMER, record.value(), Set.of(MerchantOnboarded.TYPE), event -> {
            try {
                handOver.handOver(event.payloadAs(MerchantOnboarded.class), event.eventId());
            } catch (IllegalArgumentException refused) {
                log.error("OPS ALERT merchant.onboarded {} (key {}) refused, no deposit keys handed over: {}",
                        event.eventId(), event.aggregateId(), refused.getMessage());
                throw new MalformedEventException("merchant.onboarded " + event.eventId() + " refused: "
                        + refused.getMessage(), refused);
            }
        });
    }
}
