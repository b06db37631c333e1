package io.stablerail.ledger.books;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request to record one journal entry, atomically. Valid only when it has at least two postings that sum to zero in
 * every currency. Its {@link #fingerprint()} decides whether a second request with the same idempotency key is a
 * replay (same content) or a conflict.
 */
public record EntryRequest(String idempotencyKey, String type, Instant occurredAt, String reference,
                           Map<String, String> metadata, List<PostingLine> postings) {

    public static final int POSTINGS_MAX = 100;

    public EntryRequest {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw LedgerException.invalid("idempotency key must be 1-255 characters");
        }
        if (type == null || !type.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw LedgerException.invalid("entry type must be UPPER_SNAKE_CASE, at most 64 characters: " + type);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (reference != null && reference.length() > 255) {
            throw LedgerException.invalid("reference must be at most 255 characters");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(new TreeMap<>(metadata));
        if (metadata.size() > 50) {
            throw LedgerException.invalid("at most 50 metadata keys");
        }
        postings = List.copyOf(postings == null ? List.of() : postings);
        if (postings.size() < 2 || postings.size() > POSTINGS_MAX) {
            throw LedgerException.unbalanced("an entry needs 2 to " + POSTINGS_MAX + " postings, got " + postings.size());
        }
        Map<Currency, BigInteger> sums = new EnumMap<>(Currency.class);
        postings.forEach(p -> sums.merge(p.currency(), p.amount(), BigInteger::add));
        sums.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                throw LedgerException.unbalanced("postings in " + currency + " sum to " + sum + ", not 0");
            }
        });
    }

    /**
     * SHA-256 over the canonical content: type, reference, metadata and postings. Not the key, and not
     * {@code occurredAt}: a retry that lets the server stamp the time, or a second report of the same chain fact, is
     * the same request.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(type).append('|').append(reference).append('|');
        new TreeMap<>(metadata).forEach((k, v) -> canonical.append(k).append('=').append(v).append(';'));
        postings.forEach(p -> canonical.append('|').append(p.account().code()).append('=').append(p.amount()));
        return sha256(canonical.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
