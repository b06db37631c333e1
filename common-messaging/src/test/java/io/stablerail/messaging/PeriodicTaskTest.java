package io.stablerail.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

    @Test
    void runsAgainAfterAnExceptionAndAfterAnError() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fourthRun = new CountDownLatch(1);
        PeriodicTask task = new PeriodicTask("test-task", Duration.ofMillis(10), () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new IllegalStateException("first run fails");
            }
            if (run == 2) {
                throw new StackOverflowError("second run fails with an error");
            }
            if (run == 4) {
                fourthRun.countDown();
            }
        });
        task.start();
        try {
            assertThat(fourthRun.await(10, TimeUnit.SECONDS)).as("still scheduled after an Error").isTrue();
        } finally {
            task.stop();
        }
    }
}
