package io.stablerail.withdrawal.broadcast;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.TimeOrderedIds;
import io.stablerail.events.Topics;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TrackRequest;
import io.stablerail.messaging.Backoff;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.WithdrawalProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the nonce gaps {@link NonceGapMonitor} finds, in the background only (never at startup), per EVM hot wallet
 * under the wallet's sender lock (a wallet whose sender is busy is skipped this run). A gap nonce that a withdrawal
 * waits to reuse (a rebuild keeping its nonce) is left to that withdrawal's own attempt. Any other gap gets a
 * zero-value self-send from the hot wallet at that nonce, under the same rules as a withdrawal's attempt (DESIGN rule
 * 5): signed outside any transaction, stored (kind NONCE_FILL, no withdrawal) in one commit — where the database's
 * unique index on a wallet's live nonces refuses it if anything else holds the nonce — and only then broadcast. Once
 * mined, its outcome ({@link Outcomes}) records the fee and announces {@code withdrawal.nonce-gap-filled}, which the
 * ledger books as a platform network fee.
 */
public class NonceGapFiller {

    private static final Logger log = LoggerFactory.getLogger(NonceGapFiller.class);
    private static final Set<AttemptStatus> UNSENT = EnumSet.of(AttemptStatus.SIGNED);
    private static final Set<AttemptStatus> POSSIBLY_MINED = EnumSet.of(AttemptStatus.SIGNED,
            AttemptStatus.BROADCAST);

    private final ChainCatalog catalog;
    private final BroadcastRepository attempts;
    private final ChainSender chain;
    private final HotWalletSigners signers;
    private final NonceGapMonitor monitor;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WithdrawalProperties.Broadcast settings;
    private final Backoff backoff;

    public NonceGapFiller(ChainCatalog catalog, BroadcastRepository attempts, ChainSender chain,
                          HotWalletSigners signers, NonceGapMonitor monitor, Outbox outbox,
                          PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
                          WithdrawalProperties.Broadcast settings) {
        this.catalog = catalog;
        this.attempts = attempts;
        this.chain = chain;
        this.signers = signers;
        this.monitor = monitor;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.backoff = new Backoff(settings.resendBackoffInitial(), settings.resendBackoffMax());
    }

    /**
     * One background run: detect (gauge, alert), fill under each EVM wallet's sender lock, detect again so the gauge
     * shows what is left. Returns the gaps left ({@code chain/wallet} → nonces).
     */
    public Map<String, List<Long>> runOnce() {
        monitor.checkOnce();
        catalog.hotWallets().keySet().forEach(name -> {
            ChainSpec spec = catalog.chain(name);
            if (spec.family() != ChainFamily.EVM) {
                return;
            }
            String wallet = catalog.hotWallet(name);
            try {
                if (!attempts.runExclusively(name, wallet, () -> fillFor(spec, wallet))) {
                    log.info("nonce gaps of {}/{} not filled this run: its sender is busy", name, wallet);
                }
            } catch (RuntimeException e) {
                log.warn("nonce gap filling of {}/{} stopped this run: {}", name, wallet, e.toString());
            }
        });
        return monitor.checkOnce();
    }

    private void fillFor(ChainSpec spec, String wallet) {
        Instant now = clock.instant();
        for (Attempt filler : attempts.fillersDueToSend(spec.name(), wallet, now, settings.batchMax())) {
            send(filler);
        }
        for (Attempt filler : attempts.fillerDeathCheckDue(spec.name(), wallet, now, settings.batchMax())) {
            checkReportedDropped(filler);
        }
        if (settings.nonceGapFillMax() == 0) {
            return;
        }
        int filled = 0;
        for (long nonce : monitor.gaps(spec.name(), wallet)) { // read again under the lock
            if (filled >= settings.nonceGapFillMax()) {
                break;
            }
            Optional<UUID> owner = attempts.withdrawalReusing(spec.name(), wallet, nonce);
            if (owner.isPresent()) {
                log.info("nonce {} of {}/{} is kept for withdrawal {}: its own next attempt fills it", nonce,
                        spec.name(), wallet, owner.get());
                continue;
            }
            Attempt filler = signAndStore(spec, wallet, nonce);
            filled++;
            send(filler);
        }
    }

    /** Signed outside any transaction (the signer may be remote), stored in one commit, returned for sending. */
    private Attempt signAndStore(ChainSpec spec, String wallet, long nonce) {
        ChainSender.SignedTransaction signed = chain.signSelfSend(spec.name(), wallet, nonce, spec.feeCap(),
                signers.signerFor(spec.name(), wallet));
        if (signed.feeLimit().signum() < 0) {
            throw new IllegalStateException("self-send at nonce " + nonce + " signed with a negative fee limit");
        }
        Attempt filler = new Attempt(TimeOrderedIds.next(), null, 1, spec.name(), wallet, nonce, null, null,
                signed.rawTransaction(), signed.txid(), signed.feeLimit(), AttemptStatus.SIGNED, 0,
                AttemptKind.NONCE_FILL, null);
        transaction.executeWithoutResult(status -> attempts.insertAttempt(filler));
        meters.counter("stablerail.withdrawal.nonce_gap_fills", "chain", spec.name()).increment();
        log.warn("nonce gap of {}/{} at {}: zero-value self-send {} SIGNED (attempt {})", spec.name(), wallet, nonce,
                signed.txid(), filler.id());
        return filler;
    }

    /** Sends a stored filler and acts on the classified answer (as a withdrawal's attempt, without a withdrawal). */
    void send(Attempt filler) {
        try {
            chain.broadcast(filler.chain(), filler.rawTransaction());
            accepted(filler);
        } catch (ChainException e) {
            switch (e.failureClass()) {
                case ALREADY_KNOWN -> accepted(filler);
                case RETRY -> retryLater(filler, e.code() + ": " + e.getMessage());
                case REBUILD -> deadIfProven(filler, e.code());
                case FAIL_FAST -> {
                    transaction.executeWithoutResult(status -> attempts.setAttemptStatus(filler.id(), UNSENT,
                            AttemptStatus.DEAD));
                    log.error("OPS ALERT nonce gap filler {} of {}/{} at nonce {} refused by the node ({}: {}); the "
                            + "gap stays and is filled again on a later run", filler.txid(), filler.chain(),
                            filler.wallet(), filler.nonce(), e.code(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            retryLater(filler, "unclassified: " + e);
        }
    }

    /**
     * The node accepted it: BROADCAST, and confirmation-worker is asked to follow it as a self-send (the wallet's
     * zero-value send to itself at this nonce), which it reports final once mined — with the fee it paid.
     */
    private void accepted(Attempt filler) {
        transaction.executeWithoutResult(status -> {
            if (!attempts.setAttemptStatus(filler.id(), UNSENT, AttemptStatus.BROADCAST)) {
                return;
            }
            outbox.append(Topics.TRACK_REQUESTS, EventEnvelope.of(new TrackRequest(TrackPurpose.SELF_SEND,
                    filler.id().toString(), filler.chain(), filler.txid(), null, filler.wallet(), filler.wallet(), "0",
                    null, filler.nonce(), null, clock.instant(), null), clock.instant()));
        });
        log.info("nonce gap filler {} of {}/{} at nonce {} BROADCAST", filler.txid(), filler.chain(), filler.wallet(),
                filler.nonce());
    }

    private void retryLater(Attempt filler, String error) {
        Instant next = clock.instant().plus(backoff.delay(filler.sendFailures(),
                () -> ThreadLocalRandom.current().nextDouble()));
        transaction.executeWithoutResult(status -> attempts.scheduleResend(filler.id(), filler.sendFailures() + 1,
                next, error));
        log.warn("nonce gap filler {} of {}/{}: send failed ({}), same transaction again at {}", filler.txid(),
                filler.chain(), filler.wallet(), error, next);
    }

    /** The nonce went elsewhere: DEAD once provably so (nothing is ever rebuilt for a filler: the gap is gone). */
    private void deadIfProven(Attempt filler, String why) {
        if (chain.isProvablyDead(filler.chain(), filler.view())) {
            transaction.executeWithoutResult(status -> attempts.setAttemptStatus(filler.id(), POSSIBLY_MINED,
                    AttemptStatus.DEAD));
            log.warn("nonce gap filler {} of {}/{} at nonce {} is dead ({}): the nonce went to another transaction",
                    filler.txid(), filler.chain(), filler.wallet(), filler.nonce(), why);
        } else if (filler.status() == AttemptStatus.SIGNED) {
            retryLater(filler, why + ": not provably dead yet");
        }
    }

    /** confirmation-worker reported it dropped: DEAD once our own port proves it, else looked at again later. */
    private void checkReportedDropped(Attempt filler) {
        try {
            if (chain.isProvablyDead(filler.chain(), filler.view())) {
                transaction.executeWithoutResult(status -> attempts.setAttemptStatus(filler.id(), POSSIBLY_MINED,
                        AttemptStatus.DEAD));
                log.warn("nonce gap filler {} of {}/{} at nonce {} reported dropped and provably dead",
                        filler.txid(), filler.chain(), filler.wallet(), filler.nonce());
                return;
            }
            int checks = attempts.deathChecks(filler.id()) + 1;
            Instant next = clock.instant().plus(backoff.delay(checks - 1,
                    () -> ThreadLocalRandom.current().nextDouble()));
            transaction.executeWithoutResult(status -> attempts.deathCheckAgain(filler.id(), checks, next));
        } catch (RuntimeException e) {
            log.warn("proof-of-death check of nonce gap filler {} failed this run: {}", filler.txid(), e.toString());
        }
    }
}
