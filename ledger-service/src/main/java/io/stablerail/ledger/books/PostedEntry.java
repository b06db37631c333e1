package io.stablerail.ledger.books;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A recorded journal entry.
 *
 * @param replayed {@code true} when this request's idempotency key had already been recorded with the same content
 *                 and nothing new was written
 */
public record PostedEntry(UUID entryId, String idempotencyKey, String type, Instant occurredAt, Instant recordedAt,
                          String reference, Map<String, String> metadata, List<PostingLine> postings,
                          boolean replayed) {

    public PostedEntry asReplay() {
        return new PostedEntry(entryId, idempotencyKey, type, occurredAt, recordedAt, reference, metadata, postings,
                true);
    }
}
