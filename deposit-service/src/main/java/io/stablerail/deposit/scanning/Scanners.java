package io.stablerail.deposit.scanning;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.messaging.PeriodicTask;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One scanner per {@link ChainSource} — the chains configured in {@code stablerail.chains.endpoints} (see
 * {@link ChainSources}) and any other {@code ChainSource} bean —, each ticking on its own {@link PeriodicTask} thread: catch-up runs in the
 * background and never blocks startup or readiness. With no chain source configured (the adapters are wired by the
 * deployment), nothing scans.
 */
@Component
public class Scanners implements SmartLifecycle {

    private final List<Scanner> scanners = new ArrayList<>();
    private final List<PeriodicTask> tasks = new ArrayList<>();

    public Scanners(ObjectProvider<ChainSource> sources, ObjectProvider<ChainSources> configured, ScanStore store,
                    ScanLocks locks, DepositRecorder recorder, PlatformTransactionManager transactions,
                    ScannerProperties properties, Clock clock, MeterRegistry meters) {
        java.util.stream.Stream.concat(sources.orderedStream(),
                configured.stream().flatMap(chains -> chains.sources().stream())).forEach(source -> {
            Scanner scanner = new Scanner(ChainRegistry.knownChain(source.chain()), source, store, locks, recorder,
                    transactions, properties.settingsFor(source.chain()), clock, meters);
            scanners.add(scanner);
            tasks.add(new PeriodicTask("deposit-scanner-" + source.chain(), properties.interval(), scanner::scanOnce));
        });
    }

    public List<Scanner> scanners() {
        return List.copyOf(scanners);
    }

    @Override
    public void start() {
        tasks.forEach(PeriodicTask::start);
    }

    @Override
    public void stop() {
        tasks.forEach(PeriodicTask::stop);
    }

    @Override
    public boolean isRunning() {
        return tasks.stream().anyMatch(PeriodicTask::isRunning);
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
