package io.stablerail.confirmation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import org.junit.jupiter.api.Test;

/** What a track request must carry before a row exists, and how a repeated request is told apart from a conflict. */
class TrackerTest {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    /** Ethereum's own settings: batch-size-max 2, recheck-interval 7 s (stuck after 50 blocks or 15 minutes). */
    static final ConfirmationProperties.ChainSettings ETHEREUM_BATCH_2_RECHECK_7S =
            new ConfirmationProperties.ChainSettings(List.of(), List.of(), 50, Duration.ofMinutes(15),
                    Duration.ofSeconds(7), 2);

    final List<TrackedTransaction> rows = new ArrayList<>();
    int gaugeCounts;
    final ChainObserver chain = new ChainObserver() {
        @Override
        public String chain() {
            return "ethereum";
        }

        @Override
        public void validate(TrackRequest request) {
            if (request.tokenContract() != null && !request.tokenContract().equals("0xToken")) {
                throw new IllegalArgumentException("unknown token");
            }
        }

        @Override
        public Verdict check(TrackedTransaction transaction) {
            throw new IllegalStateException("every endpoint of ethereum failed");
        }
    };
    final Tracker tracker = new Tracker(new InMemory(), new ChainObservers(List.of(chain)),
            new ConfirmationProperties(Duration.ofSeconds(1), 100, 10, Duration.ofSeconds(2), Duration.ofSeconds(1),
                    Duration.ofSeconds(10), Duration.ofSeconds(10), 3, Duration.ofSeconds(10), Map.of()),
            new ConfirmationMetrics(new SimpleMeterRegistry()), null, Clock.fixed(NOW, ZoneOffset.UTC),
            new NoDatabaseTransactions());

    static TrackRequest withdrawal(String reference, String txHash, String amount) {
        return new TrackRequest(TrackPurpose.WITHDRAWAL, reference, "ethereum", txHash, "0xToken", "0xHot", "0xTo",
                amount, null, 7L, null, null, null);
    }

    @Test
    void aValidRequestBecomesOneTrackingRowDueNow() {
        assertThat(tracker.track(withdrawal("att-1", "0xaa", "12500000"), UUID.randomUUID())).isTrue();

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(TrackingStatus.TRACKING);
            assertThat(row.amount()).isEqualTo(BigInteger.valueOf(12_500_000));
            assertThat(row.nextCheckAt()).isEqualTo(NOW);
            assertThat(row.broadcastAt()).as("no broadcast time given: now").isEqualTo(NOW);
        });
    }

    @Test
    void theSameRequestAgainChangesNothingButAnotherTransactionUnderTheReferenceIsRefused() {
        tracker.track(withdrawal("att-1", "0xaa", "1"), UUID.randomUUID());

        assertThat(tracker.track(withdrawal("att-1", "0xAA", "1"), UUID.randomUUID())).isFalse();
        assertThatThrownBy(() -> tracker.track(withdrawal("att-1", "0xbb", "1"), UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already tracked");
        assertThat(rows).hasSize(1);
    }

    @Test
    void requestsThatCanNeverBeTrackedAreRefused() {
        assertThatThrownBy(() -> tracker.track(withdrawal("att-2", "0xaa", "0"), UUID.randomUUID()))
                .hasMessageContaining("positive integer");
        assertThatThrownBy(() -> tracker.track(withdrawal("att-2", "0xaa", "1.5"), UUID.randomUUID()))
                .hasMessageContaining("positive integer");
        assertThatThrownBy(() -> tracker.track(new TrackRequest(TrackPurpose.WITHDRAWAL, "att-2", "ethereum", "0xaa",
                "0xToken", null, "0xTo", "1", null, null, null, null, null), UUID.randomUUID()))
                .hasMessageContaining("from_address");
        assertThatThrownBy(() -> tracker.track(new TrackRequest(TrackPurpose.DEPOSIT, "dep-1", "polygon", "0xaa",
                "0xToken", null, "0xTo", "1", 0L, null, null, null, null), UUID.randomUUID()))
                .hasMessageContaining("not enabled");
        assertThatThrownBy(() -> tracker.track(new TrackRequest(TrackPurpose.DEPOSIT, "dep-1", "ethereum", "0xaa",
                "0xOther", null, "0xTo", "1", 0L, null, null, null, null), UUID.randomUUID()))
                .hasMessageContaining("unknown token");
        assertThat(rows).isEmpty();
    }

    static TrackRequest selfSend(String token, String to, String amount, Long nonce) {
        return new TrackRequest(TrackPurpose.SELF_SEND, "att-9", "ethereum", "0xcc", token, "0xHot", to, amount, null,
                nonce, null, null, null);
    }

    @Test
    void aSelfSendIsTrackedWithoutTokenAtAmountZeroAndAnythingElseUnderThatPurposeIsRefused() {
        assertThatThrownBy(() -> tracker.track(selfSend("0xToken", "0xHot", "0", 3L), UUID.randomUUID()))
                .hasMessageContaining("moves no token");
        assertThatThrownBy(() -> tracker.track(selfSend(null, "0xTo", "0", 3L), UUID.randomUUID()))
                .hasMessageContaining("to itself");
        assertThatThrownBy(() -> tracker.track(selfSend(null, "0xHot", "1", 3L), UUID.randomUUID()))
                .hasMessageContaining("amount is 0");
        assertThatThrownBy(() -> tracker.track(selfSend(null, "0xHot", "0", null), UUID.randomUUID()))
                .hasMessageContaining("nonce");
        assertThatThrownBy(() -> tracker.track(new TrackRequest(TrackPurpose.SELF_SEND, "att-9", "ethereum", "0xcc",
                null, null, "0xHot", "0", null, 3L, null, null, null), UUID.randomUUID()))
                .hasMessageContaining("from_address");
        assertThat(rows).isEmpty();

        assertThat(tracker.track(selfSend(null, "0xhot", "0", 3L), UUID.randomUUID())).isTrue();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.purpose()).isEqualTo(TrackPurpose.SELF_SEND);
            assertThat(row.tokenContract()).isNull();
            assertThat(row.amount()).isZero();
        });
    }

    @Test
    void aLookTheNodesCannotAnswerDecidesNothingAndBacksOffPerConsecutiveFailureUpToTheCap() {
        tracker.track(withdrawal("att-3", "0xaa", "1"), UUID.randomUUID());
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assertThat(tracker.checkDue("ethereum")).isZero();
            TrackedTransaction row = rows.getFirst();
            delays.add(Duration.between(NOW, row.nextCheckAt()));
            rows.set(0, copy(row, row.consecutiveErrors(), NOW)); // due again at once, for the next run
        }

        assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(rows.getFirst().status()).isEqualTo(TrackingStatus.TRACKING);
    }

    @Test
    void theTrackedGaugeIsCountedAtMostOncePerIntervalNotEveryRun() {
        tracker.checkDue();
        tracker.checkDue();
        tracker.checkDue();

        assertThat(gaugeCounts).as("three runs within tracked-gauge-interval (10 s) at one instant: one GROUP BY")
                .isEqualTo(1);
    }

    @Test
    void aChainsOwnBatchSizeAndRecheckIntervalWinOverTheWorkers() {
        List<String> looked = new ArrayList<>();
        Tracker perChain = tracker(pendingObserver(looked), ETHEREUM_BATCH_2_RECHECK_7S, 10);
        for (int i = 0; i < 3; i++) {
            perChain.track(withdrawal("att-" + i, "0xa" + i, "1"), UUID.randomUUID());
        }

        assertThat(perChain.checkDue("ethereum")).isZero();

        assertThat(looked).as("the chain's batch-size-max (2), not the worker's (100)").hasSize(2);
        assertThat(rows).filteredOn(row -> row.attempts() == 1).hasSize(2).allSatisfy(row -> {
            assertThat(row.nextCheckAt()).as("the chain's recheck-interval").isEqualTo(NOW.plusSeconds(7));
            assertThat(row.blockSeenNumber()).isEqualTo(99L);
        });
    }

    @Test
    void aRunThatFoundAFullBatchIsFollowedAtOnceUpToTheRunsPerTick() {
        List<String> looked = new ArrayList<>();
        ChainObserver pending = pendingObserver(looked);
        Tracker tenRuns = tracker(pending, ETHEREUM_BATCH_2_RECHECK_7S, 10);
        for (int i = 0; i < 5; i++) {
            tenRuns.track(withdrawal("att-" + i, "0xa" + i, "1"), UUID.randomUUID());
        }

        tenRuns.checkDue();

        assertThat(looked).as("three runs of the chain's batch (2, 2, 1): the last one not full ends the tick")
                .containsExactlyInAnyOrder("att-0", "att-1", "att-2", "att-3", "att-4");

        rows.clear();
        looked.clear();
        Tracker twoRuns = tracker(pending, ETHEREUM_BATCH_2_RECHECK_7S, 2);
        for (int i = 0; i < 5; i++) {
            twoRuns.track(withdrawal("att-" + i, "0xa" + i, "1"), UUID.randomUUID());
        }

        twoRuns.checkDue();

        assertThat(looked).as("runs-per-tick-max 2: two full runs").hasSize(4);
        assertThat(rows).filteredOn(row -> row.attempts() == 0).as("left for the next tick").hasSize(1);
    }

    /** An ethereum observer that finds every row mined but not final yet, noting the references it looked at. */
    private static ChainObserver pendingObserver(List<String> looked) {
        return new ChainObserver() {
            @Override
            public String chain() {
                return "ethereum";
            }

            @Override
            public void validate(TrackRequest request) {
            }

            @Override
            public Verdict check(TrackedTransaction transaction) {
                looked.add(transaction.reference());
                return new Verdict.Pending(100, 99L, "0xhash", "mined above the finality point");
            }
        };
    }

    private Tracker tracker(ChainObserver observer, ConfirmationProperties.ChainSettings settings, int runsPerTick) {
        return new Tracker(new InMemory(), new ChainObservers(List.of(observer), Map.of("ethereum", settings)),
                new ConfirmationProperties(Duration.ofSeconds(1), 100, runsPerTick, Duration.ofSeconds(2),
                        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10), 3,
                        Duration.ofSeconds(10), Map.of("ethereum", settings)),
                new ConfirmationMetrics(new SimpleMeterRegistry()), null, Clock.fixed(NOW, ZoneOffset.UTC),
                new NoDatabaseTransactions());
    }

    static TrackedTransaction copy(TrackedTransaction t, int consecutiveErrors, Instant nextCheckAt) {
        return new TrackedTransaction(t.id(), t.purpose(), t.reference(), t.chain(), t.txHash(), t.tokenContract(),
                t.fromAddress(), t.toAddress(), t.amount(), t.logIndex(), t.nonce(), t.expirationAt(), t.broadcastAt(),
                t.status(), t.detectedAt(), t.firstHeadBlock(), t.blockSeenNumber(), t.blockSeenHash(),
                t.attempts() + 1, consecutiveErrors, nextCheckAt, t.outcomeReason(), t.outcomeDetail(), t.feeAmount(),
                t.resolvedAt());
    }

    final class InMemory implements TrackedTransactions {
        @Override
        public java.util.Set<UUID> insertAllIfAbsent(List<TrackedTransaction> transactions, List<UUID> eventIds) {
            java.util.Set<UUID> inserted = new java.util.HashSet<>();
            for (TrackedTransaction transaction : transactions) {
                if (find(transaction.purpose(), transaction.reference()).isEmpty()) {
                    rows.add(transaction);
                    inserted.add(transaction.id());
                }
            }
            return inserted;
        }

        @Override
        public Optional<TrackedTransaction> find(TrackPurpose purpose, String reference) {
            return rows.stream().filter(r -> r.purpose() == purpose && r.reference().equals(reference)).findFirst();
        }

        @Override
        public List<TrackedTransaction> due(String chain, Instant now, int limit) {
            return rows.stream().filter(r -> r.chain().equals(chain) && r.status().isOpen()
                    && !r.nextCheckAt().isAfter(now)).limit(limit).toList();
        }

        @Override
        public void recordPending(UUID id, Long firstHeadBlock, Long blockSeenNumber, String blockSeenHash,
                Instant nextCheckAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordError(UUID id, String error, Instant nextCheckAt) {
            for (int i = 0; i < rows.size(); i++) {
                TrackedTransaction row = rows.get(i);
                if (row.id().equals(id)) {
                    rows.set(i, copy(row, row.consecutiveErrors() + 1, nextCheckAt));
                }
            }
        }

        @Override
        public boolean markStuck(UUID id, Long firstHeadBlock, Instant now, Instant nextCheckAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean resolve(UUID id, TrackingStatus status, Long blockNumber, String blockHash, String reason,
                String detail, BigInteger fee, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void lock(java.util.Collection<UUID> ids) {
        }

        @Override
        public java.util.Set<UUID> resolveAll(List<Resolution> resolutions, Instant now) {
            if (!resolutions.isEmpty()) {
                throw new UnsupportedOperationException();
            }
            return java.util.Set.of();
        }

        @Override
        public void recordPendings(List<PendingLook> looks) {
            for (PendingLook look : looks) {
                for (int i = 0; i < rows.size(); i++) {
                    TrackedTransaction t = rows.get(i);
                    if (t.id().equals(look.id())) {
                        rows.set(i, new TrackedTransaction(t.id(), t.purpose(), t.reference(), t.chain(), t.txHash(),
                                t.tokenContract(), t.fromAddress(), t.toAddress(), t.amount(), t.logIndex(),
                                t.nonce(), t.expirationAt(), t.broadcastAt(), t.status(), t.detectedAt(),
                                look.firstHeadBlock(), look.blockSeenNumber(), look.blockSeenHash(), t.attempts() + 1,
                                0, look.nextCheckAt(), t.outcomeReason(), t.outcomeDetail(), t.feeAmount(),
                                t.resolvedAt()));
                    }
                }
            }
        }

        @Override
        public void recordErrors(List<FailedLook> looks) {
            for (FailedLook look : looks) {
                recordError(look.id(), look.error(), look.nextCheckAt());
            }
        }

        @Override
        public Map<String, Map<TrackingStatus, Long>> countByChainAndStatus() {
            gaugeCounts++;
            return Map.of();
        }

        @Override
        public boolean makeDue(TrackPurpose purpose, String reference, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TrackedTransaction> list(TrackingStatus status, int limit) {
            return List.copyOf(rows);
        }
    }

    /** No database here: a transaction that only runs its callback (the in-memory store needs none). */
    static final class NoDatabaseTransactions implements org.springframework.transaction.PlatformTransactionManager {
        @Override
        public org.springframework.transaction.TransactionStatus getTransaction(
                org.springframework.transaction.TransactionDefinition definition) {
            return new org.springframework.transaction.support.SimpleTransactionStatus();
        }

        @Override
        public void commit(org.springframework.transaction.TransactionStatus status) {
        }

        @Override
        public void rollback(org.springframework.transaction.TransactionStatus status) {
        }
    }
}
