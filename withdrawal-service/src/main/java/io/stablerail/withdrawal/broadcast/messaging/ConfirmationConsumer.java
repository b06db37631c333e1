package io.stablerail.withdrawal.broadcast.messaging;

import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;
import io.stablerail.messaging.inbox.Inbox;
import io.stablerail.withdrawal.broadcast.Outcomes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Listens to confirmation-worker's transaction outcomes. Each event's effect and its inbox row commit together
 * (DESIGN rule 6); other event types are recorded in the inbox and otherwise ignored.
 */
@Component
class ConfirmationConsumer {

    static final String CONSUMER = "withdrawal.transactions";

    private final Inbox inbox;
    private final Outcomes outcomes;

    ConfirmationConsumer(Inbox inbox, Outcomes outcomes) {
        this.inbox = inbox;
        this.outcomes = outcomes;
    }

    @KafkaListener(id = CONSUMER, groupId = "withdrawal-service.transactions",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).TRANSACTIONS)}")
    void onTransaction(ConsumerRecord<String, String> record) {
        inbox.process(CONSUMER, record.value(), event -> {
            switch (event.type()) {
                case "transaction.final" -> outcomes.transactionFinal(event.payloadAs(TransactionFinal.class));
                case "transaction.failed" -> outcomes.transactionFailed(event.payloadAs(TransactionFailed.class));
                case "transaction.stuck" -> outcomes.transactionStuck(event.payloadAs(TransactionStuck.class));
                case "transaction.dropped" -> outcomes.transactionDropped(event.payloadAs(TransactionDropped.class));
                default -> { }
            }
        });
    }
}
