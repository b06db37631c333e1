package io.stablerail.deposit.deposits;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.deposit.addresses.AddressKeys;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.Topics;
import io.stablerail.events.deposit.DepositConfirmed;
import io.stablerail.messaging.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DETECTED → CONFIRMED when finality is reported and the reported facts equal the recorded ones (contract, to,
 * amount, block hash); then {@code deposit.confirmed} — exactly what the ledger needs to credit the merchant once —
 * goes to the outbox in the same transaction. A second report of the same deposit is a no-op.
 */
@Service
public class DepositConfirmations {

    /** What a report did. Only {@link #CONFIRMED} published an event. */
    public enum Outcome { CONFIRMED, ALREADY_CONFIRMED, MISMATCH, NOT_CONFIRMABLE, UNKNOWN_DEPOSIT }

    private final DepositRepository deposits;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    public DepositConfirmations(DepositRepository deposits, Outbox outbox, PlatformTransactionManager transactions,
                                Clock clock, MeterRegistry meters) {
        this.deposits = deposits;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    public Outcome confirm(ConfirmationReport report) {
        Outcome outcome = transaction.execute(status -> {
            Optional<Deposit> found = deposits.lock(report.chain(), ChainHashes.normalize(report.chain(), report.txHash()),
                    report.logIndex());
            if (found.isEmpty()) {
                return Outcome.UNKNOWN_DEPOSIT;
            }
            Deposit deposit = found.get();
            switch (deposit.status()) {
                case CONFIRMED, CREDITED -> {
                    return Outcome.ALREADY_CONFIRMED;
                }
                case BELOW_MINIMUM, ORPHANED -> {
                    return Outcome.NOT_CONFIRMABLE;
                }
                case DETECTED -> { }
            }
            if (!matches(deposit, report)) {
                return Outcome.MISMATCH;
            }
            if (!deposits.transition(deposit.depositId(), DepositStatus.DETECTED, DepositStatus.CONFIRMED)) {
                throw new IllegalStateException("deposit " + deposit.depositId() + " changed under its lock");
            }
            outbox.append(Topics.DEPOSITS, EventEnvelope.of(
                    UUID.nameUUIDFromBytes(("deposit.confirmed|" + deposit.depositId())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    confirmed(deposit), clock.instant()));
            return Outcome.CONFIRMED;
        });
        Counter.builder("deposit.confirmation.reports").tag("chain", report.chain())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters).increment();
        if (outcome == Outcome.CONFIRMED) {
            Counter.builder("deposit.confirmed").tag("chain", report.chain()).register(meters).increment();
        }
        return outcome;
    }

    /**
     * The chain id the ledger's idempotency key is built from ({@code sha256(chain_id | tx_hash | log_index |
     * DEPOSIT)}): the EIP-155 id on EVM, the chain's name on TRON (as {@link DepositConfirmed} documents).
     */
    public static String chainIdOf(String chainName) {
        ChainSpec chain = ChainRegistry.knownChain(chainName);
        return chain.family() == ChainFamily.TRON ? chain.name() : Long.toString(chain.chainId());
    }

    private static DepositConfirmed confirmed(Deposit d) {
        return new DepositConfirmed(d.depositId().toString(), d.merchantId(), d.chain(), chainIdOf(d.chain()),
                d.txHash(), d.logIndex(), d.tokenContract(), d.currency(), d.amount().toString(), d.toAddress());
    }

    private static boolean matches(Deposit deposit, ConfirmationReport report) {
        ChainFamily family = ChainRegistry.knownChain(deposit.chain()).family();
        return Objects.equals(AddressKeys.of(family, deposit.tokenContract()),
                        AddressKeys.of(family, report.tokenContract()))
                && Objects.equals(AddressKeys.of(family, deposit.toAddress()), AddressKeys.of(family, report.to()))
                && deposit.amount().equals(report.amount())
                && report.blockHash() != null
                && deposit.blockHash().equals(ChainHashes.normalize(deposit.chain(), report.blockHash()));
    }
}
