package io.stablerail.deposit.deposits.messaging;

import java.util.List;
import java.util.Set;

import io.stablerail.deposit.deposits.DepositCredits;
import io.stablerail.events.ledger.EntryPosted;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The ledger's {@code entry.posted} of a DEPOSIT entry marks that deposit CREDITED; effect and inbox row commit
 * together — for a whole poll at once, in one transaction ({@code Inbox.processBatch}).
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

    @KafkaListener(id = CONSUMER, groupId = "deposit-service.ledger-entries", batch = "true",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).LEDGER)}")
    void onLedgerEvents(List<ConsumerRecord<String, String>> records) {
        inbox.processBatch(CONSUMER, records, Set.of("entry.posted"), events -> credits.entriesPosted(events.stream()
                .map(event -> event.payloadAs(EntryPosted.class))
                .map(entry -> new DepositCredits.PostedEntry(entry.entryType(), entry.idempotencyKey(),
                        entry.reference()))
                .toList()));
    }
}
