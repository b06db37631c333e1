package io.stablerail.deposit.deposits.messaging;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.stablerail.deposit.deposits.ConfirmationReport;
import io.stablerail.deposit.deposits.DepositConfirmations;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * confirmation-worker's verdicts on deposits. {@code transaction.final} confirms the deposit when the verified
 * transfer matches what was recorded (contract, recipient, amount, block); the confirmation and the inbox row commit
 * together, so a verdict delivered twice confirms once.
 *
 * <p>A final verdict the deposit cannot take yet — it is ORPHANED, or recorded in another block, because the scanner
 * has not caught up with a reorg the worker already saw — is refused with an exception: nothing commits, and the
 * consumer's bounded retries deliver it again after the scanner has re-detected the deposit; a verdict that still does
 * not match ends in the dead-letter topic for ops. Nothing is ever credited on a mismatch.
 *
 * <p>Verdicts arrive in batches: a poll's verdicts and their inbox rows commit in one transaction; a verdict refused in a
 * batch makes the batch roll back and its verdicts apply one by one, so only the refused one is retried
 * ({@code Inbox.processBatch}).
 */
@Component
class ConfirmationOutcomeConsumer {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationOutcomeConsumer.class);
    static final String CONSUMER = "deposit.confirmation-outcomes";

    /** The verdict cannot be applied now; the message is retried (then dead-lettered). */
    static final class NotApplicableYet extends RuntimeException {
        NotApplicableYet(String message) {
            super(message);
        }
    }

    private static final Set<String> TYPES = Set.of("transaction.final", "transaction.failed", "transaction.dropped");

    private final Inbox inbox;
    private final DepositConfirmations confirmations;

    ConfirmationOutcomeConsumer(Inbox inbox, DepositConfirmations confirmations) {
        this.inbox = inbox;
        this.confirmations = confirmations;
    }

    @KafkaListener(id = CONSUMER, groupId = "deposit-service.confirmation-outcomes", batch = "true",
            topics = "#{@topicNames.of(T(io.stablerail.events.Topics).TRANSACTIONS)}")
    void onOutcomes(List<ConsumerRecord<String, String>> records) {
        inbox.processBatch(CONSUMER, records, ConfirmationOutcomeConsumer::ours, this::applyAll);
    }

    /** A deposit's verdict; a withdrawal's or self-send's outcome on the same topic is passed over, no inbox row. */
    static boolean ours(EventEnvelope event) {
        return TYPES.contains(event.type()) && TrackPurpose.of(event).orElse(null) == TrackPurpose.DEPOSIT;
    }

    /** The deposits' final verdicts of a batch are confirmed together; the other outcomes are logged one by one. */
    private void applyAll(List<EventEnvelope> events) {
        List<TransactionFinal> finals = new ArrayList<>();
        for (EventEnvelope event : events) {
            if ("transaction.final".equals(event.type())) {
                finals.add(event.payloadAs(TransactionFinal.class));
            } else {
                apply(event);
            }
        }
        if (finals.isEmpty()) {
            return;
        }
        List<DepositConfirmations.Outcome> outcomes = confirmations.confirmAll(finals.stream()
                .map(fact -> new ConfirmationReport(fact.chain(), fact.txHash(), fact.logIndex(), fact.tokenContract(),
                        fact.toAddress(), new BigInteger(fact.amount()), fact.blockHash()))
                .toList());
        for (int i = 0; i < finals.size(); i++) {
            TransactionFinal fact = finals.get(i);
            switch (outcomes.get(i)) {
                case CONFIRMED, ALREADY_CONFIRMED -> { }
                case MISMATCH, NOT_CONFIRMABLE, UNKNOWN_DEPOSIT -> throw new NotApplicableYet("deposit "
                        + fact.reference() + " (" + fact.chain() + " " + fact.txHash() + "#" + fact.logIndex()
                        + ") cannot take the final verdict now: " + outcomes.get(i));
            }
        }
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case "transaction.failed" -> {
                TransactionFailed fact = event.payloadAs(TransactionFailed.class);
                afterCommit(() -> log.error("OPS ALERT deposit {} ({} {}) failed its confirmation checklist: {} {}; it "
                        + "stays uncredited", fact.reference(), fact.chain(), fact.txHash(), fact.reason(),
                        fact.detail()));
            }
            case "transaction.dropped" -> {
                TransactionDropped fact = event.payloadAs(TransactionDropped.class);
                afterCommit(() -> log.warn("deposit {} ({} {}) was dropped by the chain; the scanner orphans it",
                        fact.reference(), fact.chain(), fact.txHash()));
            }
            default -> { }
        }
    }

    /**
     * Logs once the inbox row is committed: a batch that rolls back and is applied again one event at a time would
     * otherwise log each of its events twice (an OPS ALERT counted twice).
     */
    private static void afterCommit(Runnable log) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            log.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                log.run();
            }
        });
    }
}
