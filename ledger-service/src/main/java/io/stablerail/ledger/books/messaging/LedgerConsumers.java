package io.stablerail.ledger.books.messaging;

import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.events.withdrawal.NonceGapFilled;
import io.stablerail.events.withdrawal.WithdrawalConfirmed;
import io.stablerail.events.withdrawal.WithdrawalFailed;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Kafka listeners of the ledger. Each event's effect and its inbox row commit together (DESIGN rule 6); events of
 * types the ledger does not book are recorded in the inbox and otherwise ignored.
 */
@Component
class LedgerConsumers {

    static final String DEPOSITS_CONSUMER = "ledger.deposits";
    static final String WITHDRAWALS_CONSUMER = "ledger.withdrawals";

    private final Inbox inbox;
    private final ChainFactTranslator translator;

    LedgerConsumers(Inbox inbox, ChainFactTranslator translator) {
        this.inbox = inbox;
        this.translator = translator;
    }

    @KafkaListener(id = DEPOSITS_CONSUMER, groupId = "ledger-service.deposits",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).DEPOSITS)}")
    void onDeposit(ConsumerRecord<String, String> record) {
        inbox.process(DEPOSITS_CONSUMER, record.value(), event -> {
            if ("deposit.confirmed".equals(event.type())) {
                translator.depositConfirmed(event.payloadAs(DepositConfirmed.class), event.occurredAt());
            }
        });
    }

    @KafkaListener(id = WITHDRAWALS_CONSUMER, groupId = "ledger-service.withdrawals",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).WITHDRAWALS)}")
    void onWithdrawal(ConsumerRecord<String, String> record) {
        inbox.process(WITHDRAWALS_CONSUMER, record.value(), event -> {
            switch (event.type()) {
                case "withdrawal.confirmed" -> translator.withdrawalConfirmed(event.payloadAs(WithdrawalConfirmed.class),
                        event.occurredAt());
                case "withdrawal.failed" -> translator.withdrawalFailed(event.payloadAs(WithdrawalFailed.class),
                        event.occurredAt());
                case "withdrawal.nonce-gap-filled" -> translator.nonceGapFilled(
                        event.payloadAs(NonceGapFilled.class), event.occurredAt());
                default -> { }
            }
        });
    }
}
