package io.stablerail.ledger.books;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Releases overdue holds, at most {@code batch-max} per run, each in its own transaction. */
@Component
public class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final Books books;
    private final HoldExpiryProperties properties;

    public HoldExpiryJob(Books books, HoldExpiryProperties properties) {
        this.books = books;
        this.properties = properties;
    }

    /** One run; returns how many holds it expired. */
    public int runOnce() {
        int expired = 0;
        for (UUID holdId : books.overdueHolds(properties.batchMax())) {
            try {
                if (books.expire(holdId).isPresent()) {
                    expired++;
                }
            } catch (RuntimeException e) {
                log.warn("hold {} could not be expired, will retry: {}", holdId, e.toString());
            }
        }
        return expired;
    }
}
