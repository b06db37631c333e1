package io.stablerail.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidWhoseFirst48BitsAreTheUnixMilliseconds() {
        Instant at = Instant.parse("2026-11-22T12:34:56.789654321Z");

        UUID id = TimeOrderedIds.at(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562's variant 0b10
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        // rand_a holds the sub-millisecond fraction: 0.654321 ms of 4096ths
        assertThat(id.getMostSignificantBits() & 0xfff).isEqualTo(654_321L * 4096 / 1_000_000);
        // the text form agrees with RFC 9562's layout: version digit 7, variant digit 8..b
        assertThat(id.toString().charAt(14)).isEqualTo('7');
        assertThat(id.toString().charAt(19)).isIn('8', '9', 'a', 'b');
        assertThat(id.toString()).startsWith(String.format("%08x-%04x", at.toEpochMilli() >>> 16,
                at.toEpochMilli() & 0xffff));
    }

    @Test
    void idsOfLaterInstantsSortAfterEarlierOnesAsTextAndAsUuids() {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(TimeOrderedIds.at(start.plusNanos(250_000L * i))); // 4 per millisecond: the fraction orders them
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
            // PostgreSQL orders uuid bytewise, which the lowercase hex text shows
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
    }

    @Test
    void idsOfOneInstantDifferInTheirRandomBits() {
        Instant at = Instant.parse("2026-11-22T00:00:00Z");
        Set<UUID> ids = new HashSet<>();
        Set<Long> randomParts = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = TimeOrderedIds.at(at);
            ids.add(id);
            randomParts.add(id.getLeastSignificantBits() & 0x3fffffffffffffffL);
        }

        assertThat(ids).hasSize(10_000);
        assertThat(randomParts).hasSize(10_000);
    }

    @Test
    void nextIsOfNow() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void refusesAnInstantOutsideThe48BitMillisecondRange() {
        assertThatThrownBy(() -> TimeOrderedIds.at(Instant.ofEpochMilli(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.at(Instant.ofEpochMilli(1L << 48)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
