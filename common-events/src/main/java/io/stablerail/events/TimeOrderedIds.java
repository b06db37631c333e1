package io.stablerail.events;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * New ids for rows and events: UUID version 7 (RFC 9562 §5.7) — 48 bits of Unix milliseconds, 12 bits of the
 * sub-millisecond fraction (RFC 9562 §6.2, method 3), then 62 random bits from the JDK's {@link SecureRandom}
 * ({@link SystemRandom}).
 *
 * <p>Why not {@link UUID#randomUUID()}: an id made now sorts after the ids made a moment ago, so a B-tree index on it
 * (an entry's id, an event's id in the outbox and in every consumer's inbox) grows at its right edge, as for a
 * sequence, instead of touching a random leaf page per insert — with {@code full_page_writes} on, each leaf first
 * touched after a checkpoint costs a whole 8 KiB page of WAL. An id still cannot be guessed from another one (62 random
 * bits), but it does tell when it was made; use it only where that time is not a secret (it never is here: the rows
 * carry their creation time anyway). Ids derived from content (name-based, deterministic) stay as they are.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = SystemRandom.secure(); // not BouncyCastle's: see SystemRandom

    private TimeOrderedIds() {
    }

    /** A new version-7 UUID for the current instant. */
    public static UUID next() {
        return at(Instant.now());
    }

    /** A new version-7 UUID for {@code instant} (random bits fresh each call). */
    static UUID at(Instant instant) {
        long millis = instant.toEpochMilli();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("instant outside UUIDv7's 48-bit millisecond range: " + instant);
        }
        long fraction = (instant.getNano() % 1_000_000L) * 4096L / 1_000_000L; // 12 bits of the sub-millisecond part
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        long low = 0;
        for (byte b : random) {
            low = (low << 8) | (b & 0xff);
        }
        long high = (millis << 16) | 0x7000L | fraction;         // unix_ts_ms (48) | ver 0b0111 (4) | rand_a (12)
        low = (low & 0x3fffffffffffffffL) | 0x8000000000000000L; // var 0b10 (2) | rand_b (62)
        return new UUID(high, low);
    }
}
