package io.stablerail.deposit.deposits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * CONFIRMED → CREDITED when the ledger announces the entry that credited the deposit. The ledger books a deposit once
 * under {@code sha256(chain_id | tx_hash | log_index | DEPOSIT)} with the deposit id as the entry's reference; this
 * side checks both before it believes the entry is ours. Runs inside the inbox transaction of the consumer, so a
 * redelivered {@code entry.posted} changes nothing.
 */
@Service
public class DepositCredits {

    private static final Logger log = LoggerFactory.getLogger(DepositCredits.class);
    public static final String DEPOSIT_ENTRY_TYPE = "DEPOSIT";

    private final DepositRepository deposits;
    private final MeterRegistry meters;

    public DepositCredits(DepositRepository deposits, MeterRegistry meters) {
        this.deposits = deposits;
        this.meters = meters;
    }

    /** @return true if the deposit moved to CREDITED now */
    public boolean entryPosted(String entryType, String idempotencyKey, String reference) {
        return entriesPosted(List.of(new PostedEntry(entryType, idempotencyKey, reference))) == 1;
    }

    /** An {@code entry.posted} fact: the entry's type, idempotency key and reference. */
    public record PostedEntry(String entryType, String idempotencyKey, String reference) {
    }

    /**
     * Marks the deposits of these entries CREDITED with one read and one update (in the caller's transaction).
     * Entries that are not deposit entries, name an unknown deposit, or carry another key than the deposit's are
     * skipped (logged). Returns how many deposits moved to CREDITED now.
     */
    public int entriesPosted(List<PostedEntry> entries) {
        Map<UUID, PostedEntry> byDeposit = new LinkedHashMap<>();
        for (PostedEntry entry : entries) {
            if (!DEPOSIT_ENTRY_TYPE.equals(entry.entryType()) || entry.reference() == null) {
                continue;
            }
            try {
                byDeposit.putIfAbsent(UUID.fromString(entry.reference()), entry);
            } catch (IllegalArgumentException notOurs) {
                // a DEPOSIT entry whose reference is not a deposit id was not booked for one of our deposits
            }
        }
        Map<UUID, Deposit> found = new HashMap<>();
        deposits.findAll(byDeposit.keySet()).forEach(deposit -> found.put(deposit.depositId(), deposit));
        List<UUID> ours = new ArrayList<>();
        byDeposit.forEach((depositId, entry) -> {
            Deposit deposit = found.get(depositId);
            if (deposit == null) {
                log.warn("ledger posted a DEPOSIT entry for unknown deposit {}", depositId);
            } else if (!ledgerKey(deposit).equals(entry.idempotencyKey())) {
                log.warn("ledger DEPOSIT entry for deposit {} has an unexpected idempotency key; not marking it "
                        + "credited", depositId);
            } else {
                ours.add(depositId);
            }
        });
        Set<UUID> credited = deposits.transitionAll(ours, DepositStatus.CONFIRMED, DepositStatus.CREDITED);
        for (UUID depositId : ours) {
            Deposit deposit = found.get(depositId);
            if (credited.contains(depositId)) {
                Counter.builder("deposit.credited").tag("chain", deposit.chain()).register(meters).increment();
            } else if (deposit.status() != DepositStatus.CREDITED) {
                log.warn("ledger credited deposit {} while it is {}", depositId, deposit.status());
            }
        }
        return credited.size();
    }

    /** The ledger's key for this deposit (DESIGN rule 3). */
    public static String ledgerKey(Deposit deposit) {
        String text = DepositConfirmations.chainIdOf(deposit.chain()) + "|" + deposit.txHash().toLowerCase(Locale.ROOT)
                + "|" + deposit.logIndex() + "|" + DEPOSIT_ENTRY_TYPE;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
