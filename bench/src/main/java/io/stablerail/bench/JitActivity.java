package io.stablerail.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * How much the JIT compilers worked during a span of a benchmark: HotSpot's accumulated compilation time
 * ({@link CompilationMXBean#getTotalCompilationTime()}, the elapsed time of every compilation summed over the compiler
 * threads). A span in which the compilers still work a large share of the time measures a JVM that is warming up, not
 * the services' steady state: the compiler threads take CPU from the code being measured, which itself still runs
 * (partly) interpreted or in C1's profiling tier.
 */
final class JitActivity {

    /** A warm-up round whose compilation time is below this share of its length counts as steady. */
    static final double SETTLED_SHARE = 0.05;

    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

    private final long startCompileMillis;
    private final long startNanos;

    private JitActivity() {
        this.startCompileMillis = compileMillis();
        this.startNanos = System.nanoTime();
    }

    /** Starts measuring a span now. */
    static JitActivity start() {
        return new JitActivity();
    }

    /** The span from {@link #start()} to now. */
    Span stop() {
        long compile = compileMillis();
        return new Span(compile < 0 ? -1 : compile - startCompileMillis,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static long compileMillis() {
        return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
                ? COMPILER.getTotalCompilationTime() : -1;
    }

    /** Compilation time during a span of {@code wall}; {@code compileMillis} is -1 where the JVM cannot tell. */
    record Span(long compileMillis, Duration wall) {

        /** Compilation time over the span's length (may exceed 1 with several compiler threads); NaN if unknown. */
        double share() {
            return compileMillis < 0 || wall.isZero() ? Double.NaN : compileMillis / (double) wall.toMillis();
        }

        boolean settled() {
            return !Double.isNaN(share()) && share() < SETTLED_SHARE;
        }

        @Override
        public String toString() {
            return compileMillis < 0 ? "JIT time unknown"
                    : String.format(Locale.ROOT, "JIT %.1f s in %.0f s (%.0f %%)", compileMillis / 1000.0,
                    wall.toMillis() / 1000.0, share() * 100);
        }
    }
}
