package io.stablerail.gateway.webhooks.messaging;

import java.util.Set;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.gateway.webhooks.Webhooks;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Domain events a merchant is told about become merchant events with their webhook deliveries, in the inbox's
 * transaction: a redelivered domain event creates nothing new.
 */
@Component
class MerchantEventIntake {

    static final String CONSUMER = "gateway.merchant-events";
    static final Set<String> MERCHANT_FACING = Set.of("deposit.detected", "deposit.confirmed", "deposit.orphaned",
            "withdrawal.requested", "withdrawal.rejected", "withdrawal.approved", "withdrawal.broadcast",
            "withdrawal.confirmed", "withdrawal.failed", "withdrawal.cancelled");

    private final Inbox inbox;
    private final Webhooks webhooks;

    MerchantEventIntake(Inbox inbox, Webhooks webhooks) {
        this.inbox = inbox;
        this.webhooks = webhooks;
    }

    @KafkaListener(id = CONSUMER, groupId = "gateway-api.merchant-events", topics = {
            "#{@topicNames.of(T(io.stablerail.events.Topics).DEPOSITS)}",
            "#{@topicNames.of(T(io.stablerail.events.Topics).WITHDRAWALS)}"})
    void on(ConsumerRecord<String, String> record) {
        inbox.process(CONSUMER, record.value(), MERCHANT_FACING, this::record);
    }

    private void record(EventEnvelope event) {
        String merchantId = event.payload().path("merchant_id").asString(null);
        if (merchantId == null) {
            return;
        }
        webhooks.record(merchantId, event.type(), EventJson.mapper().writeValueAsString(event.payload()),
                event.eventId());
    }
}
