package io.stablerail.events;

import java.util.List;

/**
 * Topic names of the published language. One topic per aggregate stream, keyed by aggregate id, so
 * the events of one aggregate stay in order. Every topic has a dead-letter topic {@code <topic>.DLT}.
 */
public final class Topics {

    /** Deposit facts: {@code deposit.detected}, {@code deposit.confirmed}, {@code deposit.orphaned}. */
    public static final String DEPOSITS = "stablerail.deposits.v1";
    /** Withdrawal facts: {@code withdrawal.*}. */
    public static final String WITHDRAWALS = "stablerail.withdrawals.v1";
    /** Requests to track a transaction until finality (withdrawal-service, deposit-service → confirmation-worker). */
    public static final String TRACK_REQUESTS = "stablerail.track-requests.v1";
    /** Transaction outcomes: {@code transaction.final|failed|dropped|stuck} (confirmation-worker). */
    public static final String TRANSACTIONS = "stablerail.transactions.v1";
    /** Ledger facts: {@code entry.posted}, {@code hold.posted}, {@code hold.voided}. */
    public static final String LEDGER = "stablerail.ledger.v1";
    /** Settlement facts: payouts, sweeps, escrows. */
    public static final String SETTLEMENTS = "stablerail.settlements.v1";
    /**
     * Merchant onboarding: {@code merchant.onboarded} (gateway-api), then {@code merchant.deposit-keys}
     * (withdrawal-service, the key side: the merchant's account xpubs, public keys only) for deposit-service. Keyed by
     * merchant id.
     */
    public static final String MERCHANTS = "stablerail.merchants.v1";

    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(DEPOSITS, WITHDRAWALS, TRACK_REQUESTS, TRANSACTIONS, LEDGER, SETTLEMENTS, MERCHANTS);
    }

    public static String deadLetterOf(String topic) {
        if (topic.endsWith(DEAD_LETTER_SUFFIX)) {
            throw new IllegalArgumentException("already a dead-letter topic: " + topic);
        }
        return topic + DEAD_LETTER_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX);
    }
}
