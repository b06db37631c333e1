package io.stablerail.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CpuAccountTest {

    @Test
    void aPoolsThreadsMakeOneGroupAndVirtualThreadCarriersAreNamedAsSuch() {
        assertThat(CpuAccount.group("grpc-default-executor-12")).isEqualTo("grpc-default-executor-#");
        assertThat(CpuAccount.group("data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-0"))
                .isEqualTo("data-plane-kafka-network-thread-#-ListenerName(PLAINTEXT)-PLAINTEXT-#");
        assertThat(CpuAccount.group("ForkJoinPool-1-worker-3")).startsWith("virtual-thread carriers");
        assertThat(CpuAccount.group("outbox-relay")).isEqualTo("outbox-relay");
    }

    @Test
    void countsTheCpuABusyThreadSpentUnderItsNameAndInTheJvmTotal() throws Exception {
        CpuAccount account = CpuAccount.start();
        Thread busy = Thread.ofPlatform().name("cpu-account-test-spinner-7").start(() -> {
            long end = System.nanoTime() + 300_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
            }
            if (x == 42) {
                System.out.print(""); // keeps the loop from being optimised away
            }
        });
        // measured while the thread is alive: a thread that ended is no longer counted (as the class says)
        Thread.sleep(250);
        CpuAccount.Report report = account.stop(pid -> "postgres", 10);
        busy.join();

        assertThat(report.threads()).containsKey("cpu-account-test-spinner-#");
        assertThat(report.threads().get("cpu-account-test-spinner-#")).isBetween(0.1, 0.6);
        assertThat(report.jvm()).isGreaterThanOrEqualTo(report.threads().get("cpu-account-test-spinner-#"));
        assertThat(report.wall()).isGreaterThanOrEqualTo(0.25);
        // the machine's busy time covers at least what this JVM spent (both from the kernel's accounting)
        assertThat(report.busy()).isGreaterThanOrEqualTo(0.1);
        // any PostgreSQL running on the machine is grouped under the name given, never negative
        assertThat(report.postgres().keySet()).allMatch("postgres"::equals);
        assertThat(report.postgres().values()).allMatch(seconds -> seconds >= 0);
        List<String> lines = report.lines(3);
        assertThat(lines.get(1)).contains("10 units");
        assertThat(lines).anyMatch(line -> line.contains("cpu-account-test-spinner-#"));
        assertThat(lines).anyMatch(line -> line.contains("JVM outside its Java threads"));
    }
}
