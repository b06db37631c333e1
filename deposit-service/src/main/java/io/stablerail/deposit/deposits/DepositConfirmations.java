package io.stablerail.deposit.deposits;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
        return confirmAll(List.of(report)).getFirst();
    }

    /**
     * Applies several reports in one transaction (the caller's, when there is one): the deposits are locked together
     * in deposit-id order, confirmed with one update and announced with one outbox insert. Returns each report's
     * outcome, in order; a deposit reported twice is CONFIRMED by the first report and ALREADY_CONFIRMED by the
     * second. Outcomes other than CONFIRMED change nothing for their deposit.
     */
    public List<Outcome> confirmAll(List<ConfirmationReport> reports) {
        List<Outcome> outcomes = transaction.execute(status -> {
            Map<DepositRepository.Key, Deposit> locked = new HashMap<>();
            List<DepositRepository.Key> keys = reports.stream().map(DepositConfirmations::key).toList();
            for (Deposit deposit : deposits.lockAll(new LinkedHashSet<>(keys))) {
                locked.put(new DepositRepository.Key(deposit.chain(), deposit.txHash(), deposit.logIndex()), deposit);
            }
            List<Outcome> result = new ArrayList<>(reports.size());
            Map<UUID, Deposit> confirming = new LinkedHashMap<>();
            for (int i = 0; i < reports.size(); i++) {
                result.add(outcome(locked.get(keys.get(i)), reports.get(i), confirming));
            }
            if (confirming.isEmpty()) {
                return result;
            }
            Set<UUID> changed = deposits.transitionAll(confirming.keySet(), DepositStatus.DETECTED,
                    DepositStatus.CONFIRMED);
            if (changed.size() != confirming.size()) {
                throw new IllegalStateException("deposits changed under their locks: " + confirming.size()
                        + " to confirm, " + changed.size() + " confirmed");
            }
            outbox.appendAll(Topics.DEPOSITS, confirming.values().stream().map(deposit -> EventEnvelope.of(
                    UUID.nameUUIDFromBytes(("deposit.confirmed|" + deposit.depositId())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    confirmed(deposit), clock.instant())).toList());
            return result;
        });
        for (int i = 0; i < reports.size(); i++) {
            Outcome outcome = outcomes.get(i);
            String chain = reports.get(i).chain();
            Counter.builder("deposit.confirmation.reports").tag("chain", chain)
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters).increment();
            if (outcome == Outcome.CONFIRMED) {
                Counter.builder("deposit.confirmed").tag("chain", chain).register(meters).increment();
            }
        }
        return outcomes;
    }

    private static DepositRepository.Key key(ConfirmationReport report) {
        return new DepositRepository.Key(report.chain(), ChainHashes.normalize(report.chain(), report.txHash()),
                report.logIndex());
    }

    /** One report against its locked deposit; a deposit to confirm joins {@code confirming}. */
    private static Outcome outcome(Deposit deposit, ConfirmationReport report, Map<UUID, Deposit> confirming) {
        if (deposit == null) {
            return Outcome.UNKNOWN_DEPOSIT;
        }
        if (confirming.containsKey(deposit.depositId())) {
            return Outcome.ALREADY_CONFIRMED; // by an earlier report of this batch
        }
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
        confirming.put(deposit.depositId(), deposit);
        return Outcome.CONFIRMED;
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
