package io.stablerail.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class FetchBoundTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FetchBound bound = new FetchBound(Duration.ofSeconds(2), Duration.ofSeconds(5), clock::get);

    @Test
    void theFirstTickReadsFromTheBeginningAndLaterTicksFromTheMarkUntilAFullScanIsDue() {
        assertThat(bound.startOfTick(false)).isZero();
        bound.acknowledged(ids(1, 500));
        bound.endOfTick(0, false, false);
        assertThat(bound.low()).isEqualTo(500);

        advance(Duration.ofSeconds(1));
        assertThat(bound.startOfTick(false)).isEqualTo(500);
        bound.acknowledged(ids(501, 700));
        bound.endOfTick(500, false, false);
        advance(Duration.ofSeconds(4)); // 5 s since the last full scan
        assertThat(bound.startOfTick(false)).isZero();
        assertThat(bound.startOfTick(false)).isEqualTo(700);
    }

    @Test
    void aMissingIdHoldsTheMarkSoARowCommittedLateIsStillAboveIt() {
        bound.startOfTick(false);
        bound.acknowledged(ids(1, 99));
        bound.acknowledged(ids(101, 200)); // 100 not committed yet
        assertThat(bound.low()).isEqualTo(99);
        advance(Duration.ofMillis(1_500));
        assertThat(bound.startOfTick(false)).isEqualTo(99);
        bound.acknowledged(List.of(100L)); // committed, fetched from the mark, published
        assertThat(bound.low()).isEqualTo(200);
    }

    @Test
    void aGapOlderThanTheTimeoutIsPassedAndTheNextFullScanCoversWhatItHid() {
        bound.startOfTick(false);
        bound.acknowledged(ids(1, 99));
        bound.acknowledged(ids(101, 200)); // 100 rolled back, or its transaction still open
        advance(Duration.ofMillis(1_999));
        bound.acknowledged(ids(201, 210));
        assertThat(bound.low()).isEqualTo(99);
        advance(Duration.ofMillis(1));
        bound.acknowledged(ids(211, 220));
        assertThat(bound.low()).isEqualTo(220);
        advance(Duration.ofSeconds(3)); // the full scan is due 5 s after the first
        assertThat(bound.startOfTick(false)).isZero();
    }

    @Test
    void afterAFailureOrWhileAFailedRowWaitsEveryTickReadsFromTheBeginningUntilOneFindsNeither() {
        bound.startOfTick(false);
        bound.acknowledged(ids(1, 100));
        bound.endOfTick(0, false, false);
        assertThat(bound.startOfTick(false)).isEqualTo(100);

        bound.acknowledged(ids(101, 149)); // 150 failed; its key's later rows wait behind it
        bound.endOfTick(100, false, true);
        assertThat(bound.startOfTick(true)).isZero(); // 150 waits for its retry
        bound.endOfTick(0, true, false);
        assertThat(bound.startOfTick(false)).isZero(); // 150's retry is due: read from the beginning again
        bound.acknowledged(ids(150, 160));
        bound.endOfTick(0, false, false);
        assertThat(bound.low()).isEqualTo(160);
        assertThat(bound.startOfTick(false)).isEqualTo(160);
    }

    @Test
    void idsAtOrBelowTheMarkDoNotMoveIt() {
        bound.startOfTick(false);
        bound.acknowledged(ids(1, 50));
        bound.acknowledged(ids(10, 20)); // published again by a full scan after a lost mark
        assertThat(bound.low()).isEqualTo(50);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    private static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
