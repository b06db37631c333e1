package io.stablerail.ledger.books.messaging;

import java.util.List;
import java.util.Set;

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
 * types the ledger does not book are acknowledged without a database write ({@code stablerail.inbox.ignored}).
 * Confirmed deposits arrive in batches: a poll's deposits are booked with one {@code Books.postAll} and their inbox rows
 * in one transaction (if any of them is refused, each is then booked on its own, see {@code Inbox.processBatch}).
 * {@code stablerail.ledger.deposits-consumers} consumers (default 1; at most the topic's partitions do work) share the
 * deposits topic's partitions, as that many ledger replicas would: a deposit's events share its key and so its
 * partition, and batches on different partitions wait for each other only on the balance rows they both change, which
 * every writer locks in one order. More than one did not raise the deposit benchmark's rate (docs/performance.md,
 * runs Q): each consumer's batches are smaller and every batch locks and updates the same balance rows.
 */
@Component
class LedgerConsumers {

    static final String DEPOSITS_CONSUMER = "ledger.deposits";
    static final String WITHDRAWALS_CONSUMER = "ledger.withdrawals";
    private static final String WITHDRAWAL_CONFIRMED = "withdrawal.confirmed";
    private static final String WITHDRAWAL_FAILED = "withdrawal.failed";
    private static final String NONCE_GAP_FILLED = "withdrawal.nonce-gap-filled";
    /** What the ledger books; other types on these topics are acknowledged without a database write. */
    private static final Set<String> DEPOSIT_TYPES = Set.of("deposit.confirmed");
    private static final Set<String> WITHDRAWAL_TYPES = Set.of(WITHDRAWAL_CONFIRMED, WITHDRAWAL_FAILED,
            NONCE_GAP_FILLED);

    private final Inbox inbox;
    private final ChainFactTranslator translator;

    LedgerConsumers(Inbox inbox, ChainFactTranslator translator) {
        this.inbox = inbox;
        this.translator = translator;
    }

    @KafkaListener(id = DEPOSITS_CONSUMER, groupId = "ledger-service.deposits", batch = "true",
            concurrency = "${stablerail.ledger.deposits-consumers:1}",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).DEPOSITS)}")
    void onDeposits(List<ConsumerRecord<String, String>> records) {
        inbox.processBatch(DEPOSITS_CONSUMER, records, DEPOSIT_TYPES, events -> translator.depositsConfirmed(
                events.stream().map(event -> new ChainFactTranslator.Fact<>(event.payloadAs(DepositConfirmed.class),
                        event.occurredAt())).toList()));
    }

    @KafkaListener(id = WITHDRAWALS_CONSUMER, groupId = "ledger-service.withdrawals",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).WITHDRAWALS)}")
    void onWithdrawal(ConsumerRecord<String, String> record) {
        inbox.process(WITHDRAWALS_CONSUMER, record.value(), WITHDRAWAL_TYPES, event -> {
            switch (event.type()) {
                case WITHDRAWAL_CONFIRMED -> translator.withdrawalConfirmed(
                        event.payloadAs(WithdrawalConfirmed.class), event.occurredAt());
                case WITHDRAWAL_FAILED -> translator.withdrawalFailed(event.payloadAs(WithdrawalFailed.class),
                        event.occurredAt());
                case NONCE_GAP_FILLED -> translator.nonceGapFilled(event.payloadAs(NonceGapFilled.class),
                        event.occurredAt());
                default -> throw new IllegalStateException("unexpected " + event.type());
            }
        });
    }
}
