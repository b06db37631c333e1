package io.stablerail.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** A seconds-long run of every benchmark, in-process, so none of them rots. Not a measurement. */
class BenchmarkSmokeIT {

    @Test
    void everyBenchmarkRunsAndProducesAPositiveScore() throws Exception {
        Options options = new OptionsBuilder()
                .include(LedgerBenchmark.class.getName())
                .include(AddressDerivationBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(500))
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("postingsSingle", "postingsBatched", "postingsBatchedSqlOnly", "rawInsertBatched", "rawInsertBatchedSameIndexes",
                        "balanceRead",
                        "baselinePointMultiplication", "evmAddressFromAccountXpub", "tronAddressFromAccountXpub",
                        "evmAddressFromExternalChain", "baselinePointMultiplicationTwoThreads",
                        "evmAddressFromExternalChainTwoThreads");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void withdrawalIntakeBenchRunsEveryPhaseAgainstPgbench() throws Exception {
        WithdrawalIntakeBench.Result result = WithdrawalIntakeBench.run(
                new WithdrawalIntakeBench.Options(java.time.Duration.ofSeconds(2), 4, 1,
                        java.time.Duration.ZERO));

        assertThat(result.pgbenchTps()).isPositive();
        assertThat(result.intakePerSecond()).isPositive();
        assertThat(result.intakeErrors()).isZero();
        assertThat(result.directPerSecond()).isPositive();
        assertThat(result.directErrors()).isZero();
        assertThat(result.halfLoadErrors()).isZero();
        assertThat(result.halfLoad().samples()).isPositive();
        assertThat(result.halfLoad().p99()).isPositive();
        assertThat(result.warmup().rounds()).isEqualTo(1); // no time to wait for the compilers: one round, then on
        assertThat(result.jit()).hasSize(3);
        // the replay checks in the database that every intake it counts left its rows (IntakeSqlReplay.Counts)
        assertThat(result.sqlReplayPerSecond()).isPositive();
    }

    @Test
    void depositPipelineBenchCreditsEveryDepositExactlyOnce() throws Exception {
        DepositPipelineBench.Result result = DepositPipelineBench.run(new DepositPipelineBench.Options(60, 20, 3, 6,
                0, java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(1),
                40, DepositPipelineBench.Tuning.tuned(), 1, true, 2));

        // run() throws if any deposit is not CREDITED, doubled, or booked to the wrong merchant; these are the counts
        DepositPipelineBench.Verification verified = result.verification();
        int paced = result.paced().deposits();
        int all = 60 + 40 + 2 * 40 + paced; // burst, one warm-up backlog round, two measured backlog rounds, paced
        assertThat(result.burst().deposits()).isEqualTo(60);
        assertThat(result.burst().blocks()).isEqualTo(3);
        assertThat(result.warmup().rounds()).isEqualTo(1);
        assertThat(result.backlog().deposits()).isEqualTo(40);
        assertThat(result.backlog().blocks()).isEqualTo(2);
        assertThat(result.backlog().creditedPerSecond()).isPositive();
        assertThat(result.backlogRounds()).hasSize(2).first().isSameAs(result.backlog());
        assertThat(result.sustainedPerSecond()).isPositive();
        assertThat(paced).isPositive();
        assertThat(verified.transfersSent()).isEqualTo(all);
        assertThat(verified.depositsRecorded()).isEqualTo(all);
        assertThat(verified.depositsCredited()).isEqualTo(all);
        assertThat(verified.ledgerDepositEntries()).isEqualTo(all);
        assertThat(verified.distinctLedgerReferences()).isEqualTo(all);
        assertThat(verified.merchantsWithExactBalance()).isEqualTo(3);
        assertThat(result.baselineEntriesPerSecond()).isPositive();
        assertThat(result.burst().creditedPerSecond()).isPositive();
        assertThat(result.burst().finalityToCredit().samples()).isEqualTo(60);
        assertThat(result.burst().finalityToCredit().p95()).isPositive();
        assertThat(result.paced().finalityToCredit().samples()).isEqualTo(paced);
    }
}
