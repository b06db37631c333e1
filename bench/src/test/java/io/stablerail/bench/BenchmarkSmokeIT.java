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
                .containsExactlyInAnyOrder("postingsSingle", "postingsBatched", "rawInsertBatched", "rawInsertBatchedSameIndexes",
                        "balanceRead",
                        "baselinePointMultiplication", "evmAddressFromAccountXpub", "tronAddressFromAccountXpub",
                        "evmAddressFromExternalChain", "baselinePointMultiplicationTwoThreads",
                        "evmAddressFromExternalChainTwoThreads");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void withdrawalIntakeBenchRunsBothPhasesAgainstPgbench() throws Exception {
        WithdrawalIntakeBench.Result result = WithdrawalIntakeBench.run(
                new WithdrawalIntakeBench.Options(java.time.Duration.ofSeconds(2), 4, 1));

        assertThat(result.pgbenchTps()).isPositive();
        assertThat(result.intakePerSecond()).isPositive();
        assertThat(result.intakeErrors()).isZero();
        assertThat(result.halfLoadErrors()).isZero();
        assertThat(result.halfLoad().samples()).isPositive();
        assertThat(result.halfLoad().p99()).isPositive();
    }
}
