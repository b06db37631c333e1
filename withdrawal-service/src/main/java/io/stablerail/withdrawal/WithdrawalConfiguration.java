package io.stablerail.withdrawal;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stablerail.messaging.PeriodicTask;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.withdrawal.broadcast.BroadcastRepository;
import io.stablerail.withdrawal.broadcast.Broadcaster;
import io.stablerail.withdrawal.broadcast.ChainSender;
import io.stablerail.withdrawal.broadcast.HotWalletSigners;
import io.stablerail.withdrawal.broadcast.NonceGapFiller;
import io.stablerail.withdrawal.broadcast.NonceGapMonitor;
import io.stablerail.withdrawal.broadcast.Outcomes;
import io.stablerail.withdrawal.broadcast.UnconfiguredChain;
import io.stablerail.withdrawal.onboarding.DepositKeyHandOver;
import io.stablerail.withdrawal.onboarding.DepositKeyProperties;
import io.stablerail.withdrawal.onboarding.DepositSeed;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.Funds;
import io.stablerail.withdrawal.withdrawals.WithdrawalProperties;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.Withdrawals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wiring of withdrawal-service. The chain client ({@link ChainSender}) and the hot-wallet signers
 * ({@link HotWalletSigners}) are ports the deployment provides as beans; without them nothing is signed or sent.
 */
@Configuration(proxyBeanMethods = false)
class WithdrawalConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WithdrawalConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The HD seed behind deposit addresses; the service does not start without it (see DepositSeed.load). */
    @Bean
    DepositSeed depositSeed(DepositKeyProperties properties) {
        return DepositSeed.load(properties.depositSeedFile());
    }

    @Bean
    DepositKeyHandOver depositKeyHandOver(DepositSeed seed, Outbox outbox, Clock clock, MeterRegistry meters) {
        return new DepositKeyHandOver(seed, outbox, clock, meters);
    }

    @Bean
    ChainCatalog chainCatalog(WithdrawalProperties properties) {
        return new ChainCatalog(properties);
    }

    @Bean
    Withdrawals withdrawals(WithdrawalRepository repository, ChainCatalog catalog, Funds funds, Outbox outbox,
                            WithdrawalProperties properties, Clock clock, PlatformTransactionManager transactions,
                            MeterRegistry meters) {
        return new Withdrawals(repository, catalog, funds, outbox, properties, clock, transactions, meters);
    }

    @Bean
    Broadcaster broadcaster(ChainCatalog catalog, WithdrawalRepository withdrawals, BroadcastRepository attempts,
                            ObjectProvider<ChainSender> chainSender, ObjectProvider<HotWalletSigners> signers,
                            Withdrawals service, Outbox outbox, PlatformTransactionManager transactions, Clock clock,
                            MeterRegistry meters, WithdrawalProperties properties) {
        UnconfiguredChain unconfigured = new UnconfiguredChain();
        return new Broadcaster(catalog, withdrawals, attempts, chainSender.getIfAvailable(() -> unconfigured),
                signers.getIfAvailable(() -> unconfigured), service, outbox, transactions, clock, meters,
                properties.broadcast());
    }

    @Bean
    NonceGapMonitor nonceGapMonitor(ChainCatalog catalog, BroadcastRepository attempts,
                                    ObjectProvider<ChainSender> chainSender, MeterRegistry meters,
                                    WithdrawalProperties properties) {
        return new NonceGapMonitor(catalog, attempts, chainSender.getIfAvailable(UnconfiguredChain::new), meters,
                properties.broadcast().nonceGapReportMax());
    }

    @Bean
    NonceGapFiller nonceGapFiller(ChainCatalog catalog, BroadcastRepository attempts,
                                  ObjectProvider<ChainSender> chainSender, ObjectProvider<HotWalletSigners> signers,
                                  NonceGapMonitor monitor, Outbox outbox, PlatformTransactionManager transactions,
                                  Clock clock, MeterRegistry meters, WithdrawalProperties properties) {
        UnconfiguredChain unconfigured = new UnconfiguredChain();
        return new NonceGapFiller(catalog, attempts, chainSender.getIfAvailable(() -> unconfigured),
                signers.getIfAvailable(() -> unconfigured), monitor, outbox, transactions, clock, meters,
                properties.broadcast());
    }

    @Bean
    Outcomes outcomes(WithdrawalRepository withdrawals, BroadcastRepository attempts, Outbox outbox,
                      PlatformTransactionManager transactions, Clock clock) {
        return new Outcomes(withdrawals, attempts, outbox, transactions, clock);
    }

    @Bean
    PeriodicTask broadcasterSchedule(Broadcaster broadcaster, ObjectProvider<ChainSender> chainSender,
                                     WithdrawalProperties properties) {
        if (!properties.broadcast().enabled() || chainSender.getIfAvailable() == null) {
            log.warn("broadcaster not scheduled (enabled={}, chain sender wired={}): approved withdrawals wait",
                    properties.broadcast().enabled(), chainSender.getIfAvailable() != null);
            return new PeriodicTask("withdrawal-broadcaster-off", Duration.ofHours(1), () -> { });
        }
        return new PeriodicTask("withdrawal-broadcaster", properties.broadcast().interval(), broadcaster::runOnce);
    }

    /**
     * Nonce gaps are looked for and filled in the background only, first one interval after start (never at startup).
     */
    @Bean
    PeriodicTask nonceGapSchedule(NonceGapFiller filler, ObjectProvider<ChainSender> chainSender,
                                  WithdrawalProperties properties) {
        if (!properties.broadcast().enabled() || chainSender.getIfAvailable() == null) {
            return new PeriodicTask("withdrawal-nonce-check-off", Duration.ofHours(1), () -> { });
        }
        return new PeriodicTask("withdrawal-nonce-check", properties.broadcast().nonceCheckInterval(),
                filler::runOnce);
    }

    /** Retries hold releases that did not go through and reservations left REQUESTED by a ledger outage. */
    @Bean
    PeriodicTask intakeRecoverySchedule(Withdrawals withdrawals, WithdrawalProperties properties) {
        WithdrawalProperties.Intake intake = properties.intake();
        return new PeriodicTask("withdrawal-intake-recovery", intake.recoveryInterval(),
                () -> withdrawals.recoverOnce(intake.batchMax(), intake.requestedGrace()));
    }

    /** Queue depth (waiting to be signed or confirmed) and withdrawals waiting for hot-wallet liquidity. */
    @Bean
    MeterBinder withdrawalGauges(BroadcastRepository attempts) {
        return meters -> {
            Gauge.builder("stablerail.withdrawal.awaiting_liquidity", attempts,
                    a -> a.countByStatus("AWAITING_LIQUIDITY")).register(meters);
            // EVM withdrawals whose replacement would pass the fee cap: ops must bump or cancel (alert on > 0)
            Gauge.builder("stablerail.withdrawal.stuck", attempts, a -> a.countByStatus("STUCK")).register(meters);
            for (String status : new String[] {"PENDING_APPROVAL", "APPROVED", "SIGNED", "BROADCAST",
                    "STUCK"}) {
                Gauge.builder("stablerail.withdrawal.queue_depth", attempts, a -> a.countByStatus(status))
                        .tag("status", status).register(meters);
            }
        };
    }
}
