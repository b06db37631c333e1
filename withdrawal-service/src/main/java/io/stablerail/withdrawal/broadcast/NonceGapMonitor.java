package io.stablerail.withdrawal.broadcast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background comparison of each EVM hot wallet's nonces with the chain's pending nonce (never at startup). A nonce
 * between the chain's pending nonce and our next one that no stored attempt holds is a gap: every later transaction
 * of the wallet waits behind it. Gaps are counted ({@code stablerail.withdrawal.nonce_gaps}) and logged for ops;
 * {@link NonceGapFiller} fills them.
 */
public class NonceGapMonitor {

    private static final Logger log = LoggerFactory.getLogger(NonceGapMonitor.class);
    /** Bound of the nonce range inspected per wallet and run (DESIGN rule 11). */
    static final long RANGE_MAX = 10_000;

    private final ChainCatalog catalog;
    private final BroadcastRepository attempts;
    private final ChainSender chain;
    private final MeterRegistry meters;
    private final int reportMax;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public NonceGapMonitor(ChainCatalog catalog, BroadcastRepository attempts, ChainSender chain, MeterRegistry meters,
                           int reportMax) {
        this.catalog = catalog;
        this.attempts = attempts;
        this.chain = chain;
        this.meters = meters;
        this.reportMax = reportMax;
    }

    /** Checks every EVM hot wallet; returns the wallets with gaps ({@code chain/wallet} → missing nonces). */
    public Map<String, List<Long>> checkOnce() {
        Map<String, List<Long>> found = new java.util.TreeMap<>();
        catalog.hotWallets().keySet().forEach(name -> {
            if (catalog.chain(name).family() != ChainFamily.EVM) {
                return;
            }
            String wallet = catalog.hotWallet(name);
            try {
                check(name, wallet).filter(gaps -> !gaps.isEmpty())
                        .ifPresent(gaps -> found.put(name + "/" + wallet, gaps));
            } catch (RuntimeException e) {
                log.warn("nonce check of {}/{} failed this run: {}", name, wallet, e.toString());
            }
        });
        return found;
    }

    /**
     * The wallet's gaps now: nonces from the chain's pending nonce up to (excluding) our next one, at most
     * {@link #RANGE_MAX}, that no stored attempt (of a withdrawal, or a filler) holds; empty when the wallet has no
     * nonce counter yet. Reads the node.
     */
    List<Long> gaps(String chainName, String wallet) {
        Optional<Long> next = attempts.nextNonce(chainName, wallet);
        if (next.isEmpty()) {
            return List.of();
        }
        long pending = chain.pendingNonce(chainName, wallet);
        Set<Long> used = new HashSet<>(attempts.liveNonces(chainName, wallet, pending));
        List<Long> missing = new ArrayList<>();
        long end = Math.min(next.get(), pending + RANGE_MAX);
        for (long nonce = pending; nonce < end; nonce++) {
            if (!used.contains(nonce)) {
                missing.add(nonce);
            }
        }
        return missing;
    }

    private Optional<List<Long>> check(String chainName, String wallet) {
        Optional<Long> next = attempts.nextNonce(chainName, wallet);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        long pending = chain.pendingNonce(chainName, wallet);
        if (pending > next.get()) {
            log.error("OPS ALERT {}/{}: the chain's pending nonce {} is ahead of ours {}: the wallet is used outside "
                    + "this service", chainName, wallet, pending, next.get());
        }
        Set<Long> used = new HashSet<>(attempts.liveNonces(chainName, wallet, pending));
        List<Long> missing = new ArrayList<>();
        long end = Math.min(next.get(), pending + RANGE_MAX);
        for (long nonce = pending; nonce < end; nonce++) {
            if (!used.contains(nonce)) {
                missing.add(nonce);
            }
        }
        gauges.computeIfAbsent(chainName + "/" + wallet, key -> meters.gauge("stablerail.withdrawal.nonce_gaps",
                Tags.of("chain", chainName, "wallet", wallet), new AtomicLong())).set(missing.size());
        if (!missing.isEmpty()) {
            log.error("OPS ALERT {}/{}: nonce gap, no stored attempt holds nonces {} (chain pending {}, next {})",
                    chainName, wallet, missing.subList(0, Math.min(reportMax, missing.size())), pending, next.get());
        }
        return Optional.of(missing);
    }
}
