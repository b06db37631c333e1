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

    @Test
    void wakeRunsTheWorkNowOnItsThreadAndWakesWhileOneIsQueuedCoalesce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PeriodicTask task = new PeriodicTask("wake-task", Duration.ofHours(1), () -> {
            threads.add(Thread.currentThread().getName());
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        task.wake(); // not started: nothing
        assertThat(runs.get()).isZero();
        task.start();
        try {
            task.wake();
            assertThat(firstRunStarted.await(5, TimeUnit.SECONDS)).as("woken long before the hourly run").isTrue();
            for (int i = 0; i < 50; i++) {
                task.wake(); // the first run is busy: these coalesce into one queued run
            }
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (runs.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertThat(runs.get()).isEqualTo(2);
            assertThat(threads).containsExactly("wake-task");
        } finally {
            task.stop();
        }
        task.wake(); // stopped: nothing, no exception
        assertThat(runs.get()).isEqualTo(2);
    }
}
