package io.stablerail.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the CPU of a span went, counted rather than sampled (Linux only): the machine's busy and idle time
 * ({@code /proc/stat}), this JVM's CPU time, the CPU time of every live platform thread grouped by name (virtual
 * threads are counted on their carriers), and the CPU time of every PostgreSQL process ({@code /proc/<pid>/stat} of the
 * processes named {@code postgres}), grouped by the name the caller gives each pid (e.g. from
 * {@code pg_stat_activity.application_name}).
 *
 * <p>A thread or process that ends inside the span is not counted; the JVM total and the machine total still are.
 */
final class CpuAccount {

    /** {@code getconf CLK_TCK} on Linux (x86-64 and arm64 kernels): /proc reports CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final String GARBAGE_COLLECTOR = "garbage collector";
    private static final String JIT = "JIT compilers";

    private final long startNanos = System.nanoTime();
    private final long[] machine = machineTicks();
    private final long jvmNanos = jvmCpuNanos();
    private final Map<Long, Long> threadNanos = threadCpu();
    private final Map<Long, Long> postgresTicks = postgresTicks();
    private final Map<Long, NativeThread> nativeStart = nativeThreads();

    private CpuAccount() {
    }

    static CpuAccount start() {
        return new CpuAccount();
    }

    /**
     * The span from {@link #start()} to now; {@code postgresName} names a PostgreSQL pid's group (its
     * {@code application_name}, or its backend type), {@code units} is what the span processed (deposits), for the
     * per-unit figures.
     */
    Report stop(Function<Long, String> postgresName, int units) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long[] machineNow = machineTicks();
        double jvm = (jvmCpuNanos() - jvmNanos) / 1e9;
        Map<String, Double> threads = new HashMap<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
            long before = threadNanos.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = mx.getThreadInfo(e.getKey());
            if (info != null) {
                threads.merge(group(info.getThreadName()), (e.getValue() - before) / 1e9, Double::sum);
            }
        }
        Map<String, Double> postgres = new HashMap<>();
        for (Map.Entry<Long, Long> e : postgresTicks().entrySet()) {
            long before = postgresTicks.getOrDefault(e.getKey(), 0L);
            postgres.merge(postgresName.apply(e.getKey()), (e.getValue() - before) / TICKS_PER_SECOND, Double::sum);
        }
        Map<String, Double> nativeThreads = new HashMap<>();
        for (Map.Entry<Long, NativeThread> e : nativeThreads().entrySet()) {
            NativeThread start = nativeStart.get(e.getKey());
            long before = start == null ? 0 : start.ticks();
            nativeThreads.merge(e.getValue().kind(), (e.getValue().ticks() - before) / TICKS_PER_SECOND, Double::sum);
        }
        double[] split = new double[machineNow.length];
        for (int i = 0; i < split.length; i++) {
            split[i] = (machineNow[i] - machine[i]) / TICKS_PER_SECOND;
        }
        return new Report(wall, units, split, jvm, threads, postgres, nativeThreads);
    }

    /** A thread's name with its numbers taken out, so a pool's threads make one group. */
    static String group(String threadName) {
        if (threadName.startsWith("ForkJoinPool-") && threadName.contains("worker")) {
            return "virtual-thread carriers (ForkJoinPool workers)";
        }
        return DIGITS.matcher(threadName).replaceAll("#");
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static Map<Long, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        if (!mx.isThreadCpuTimeSupported()) {
            return cpu;
        }
        for (long id : mx.getAllThreadIds()) {
            long nanos = mx.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * This JVM's garbage-collector and JIT-compiler threads by task id ({@code /proc/self/task}), told apart by the
     * names HotSpot gives them: {@code GC Thread#n} and {@code G1 …} (G1's concurrent marking, refinement and service
     * threads) collect garbage, {@code C1 CompilerThread} and {@code C2 CompilerThread} (15 characters in the kernel's
     * name) compile.
     */
    private static Map<Long, NativeThread> nativeThreads() {
        Map<Long, NativeThread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    Stat stat = Stat.of(Files.readString(t.resolve("stat")));
                    String name = stat.name();
                    String kind = name.startsWith("GC Thread") || name.startsWith("G1 ") ? GARBAGE_COLLECTOR
                            : name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? JIT : null;
                    if (kind != null) {
                        threads.put(Long.parseLong(t.getFileName().toString()), new NativeThread(kind, stat.ticks()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    private record NativeThread(String kind, long ticks) {
    }

    /** A process's or thread's name and CPU time (utime + stime, ticks) from its {@code /proc/…/stat} line. */
    private record Stat(String name, long ticks) {

        static Stat of(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            // after "(comm) ": state is field 3; utime and stime are fields 14 and 15
            String[] f = line.substring(close + 2).split(" ");
            return new Stat(line.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        }
    }

    /** The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (ticks). */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length && i + 1 < f.length; i++) {
                ticks[i] = Long.parseLong(f[i + 1]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return new long[8];
        }
    }

    /** utime + stime of every process named {@code postgres}, by pid. */
    private static Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> DIGITS.matcher(p.getFileName().toString()).matches()).forEach(p -> {
                try {
                    Stat stat = Stat.of(Files.readString(p.resolve("stat")));
                    if (stat.name().equals("postgres")) {
                        ticks.put(Long.parseLong(p.getFileName().toString()), stat.ticks());
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended between the listing and the read
                }
            });
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** CPU seconds over a span of {@code wall} seconds. */
    record Report(double wall, int units, double[] machine, double jvm, Map<String, Double> threads,
                  Map<String, Double> postgres, Map<String, Double> nativeThreads) {

        /** Core-seconds the machine was busy: user, nice, system, irq, softirq and steal. */
        double busy() {
            return machine[0] + machine[1] + machine[2] + machine[5] + machine[6] + machine[7];
        }

        double postgresTotal() {
            return postgres.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        List<String> lines(int topThreads) {
            List<String> out = new ArrayList<>();
            double busy = busy();
            out.add(String.format(Locale.ROOT, "machine over %.2f s: %.2f core-s busy (user %.2f, system %.2f, "
                    + "softirq %.2f), idle %.2f, iowait %.2f", wall, busy, machine[0] + machine[1], machine[2],
                    machine[6], machine[3], machine[4]));
            out.add(String.format(Locale.ROOT, "this JVM %.2f core-s (%.3f ms per unit), PostgreSQL %.2f core-s "
                    + "(%.3f ms per unit), other %.2f core-s; %d units", jvm, jvm * 1000 / units, postgresTotal(),
                    postgresTotal() * 1000 / units, busy - jvm - postgresTotal(), units));
            postgres.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                    .filter(e -> e.getValue() > 0.005)
                    .forEach(e -> out.add(String.format(Locale.ROOT, "  PostgreSQL %-40s %6.2f core-s", e.getKey(),
                            e.getValue())));
            // ThreadMXBean sees the Java threads only: what the JVM spent beyond them is its own native threads'
            double outside = jvm - threads.values().stream().mapToDouble(Double::doubleValue).sum();
            double gc = nativeThreads.getOrDefault(GARBAGE_COLLECTOR, 0.0);
            double jit = nativeThreads.getOrDefault(JIT, 0.0);
            out.add(String.format(Locale.ROOT, "  JVM outside its Java threads %6.2f core-s: garbage collector %.2f, "
                    + "JIT compilers %.2f, the rest (VM) %.2f", outside, gc, jit, outside - gc - jit));
            threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                    .limit(topThreads)
                    .forEach(e -> out.add(String.format(Locale.ROOT, "  JVM thread %-60s %6.2f core-s", e.getKey(),
                            e.getValue())));
            return out;
        }
    }
}
