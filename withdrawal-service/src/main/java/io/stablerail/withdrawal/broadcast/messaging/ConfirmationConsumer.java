package io.stablerail.withdrawal.broadcast.messaging;

import java.util.Set;

import io.stablerail.events.EventEnvelope;
import io.stablerail.events.transaction.TrackPurpose;
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
 * (DESIGN rule 6). Other event types, and the outcomes of deposits, are acknowledged without touching the database.
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
        inbox.process(CONSUMER, record.value(), ConfirmationConsumer::ours, event -> {
            switch (event.type()) {
                case "transaction.final" -> outcomes.transactionFinal(event.payloadAs(TransactionFinal.class));
                case "transaction.failed" -> outcomes.transactionFailed(event.payloadAs(TransactionFailed.class));
                case "transaction.stuck" -> outcomes.transactionStuck(event.payloadAs(TransactionStuck.class));
                case "transaction.dropped" -> outcomes.transactionDropped(event.payloadAs(TransactionDropped.class));
                default -> { }
            }
        });
    }

    private static final Set<String> TYPES = Set.of("transaction.final", "transaction.failed", "transaction.stuck",
            "transaction.dropped");

    /**
     * An outcome of one of our attempts (a transfer or a self-send); the deposits' outcomes on the same topic — most
     * of its traffic — are passed over without an inbox row or a commit.
     */
    static boolean ours(EventEnvelope event) {
        return TYPES.contains(event.type()) && TrackPurpose.of(event)
                .filter(purpose -> purpose == TrackPurpose.WITHDRAWAL || purpose == TrackPurpose.SELF_SEND).isPresent();
    }
}
