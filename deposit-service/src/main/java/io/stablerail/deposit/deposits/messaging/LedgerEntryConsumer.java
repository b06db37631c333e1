package io.stablerail.deposit.deposits.messaging;

import io.stablerail.deposit.deposits.DepositCredits;
import io.stablerail.events.ledger.EntryPosted;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The ledger's {@code entry.posted} of a DEPOSIT entry marks that deposit CREDITED; effect and inbox row commit
 * together.
 */
@Component
class LedgerEntryConsumer {

    static final String CONSUMER = "deposit.ledger-entries";

    private final Inbox inbox;
    private final DepositCredits credits;

    LedgerEntryConsumer(Inbox inbox, DepositCredits credits) {
        this.inbox = inbox;
        this.credits = credits;
    }

    @KafkaListener(id = CONSUMER, groupId = "deposit-service.ledger-entries",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).LEDGER)}")
    void onLedgerEvent(ConsumerRecord<String, String> record) {
        inbox.process(CONSUMER, record.value(), event -> {
            if ("entry.posted".equals(event.type())) {
                EntryPosted entry = event.payloadAs(EntryPosted.class);
                credits.entryPosted(entry.entryType(), entry.idempotencyKey(), entry.reference());
            }
        });
    }
}
