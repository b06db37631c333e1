package io.stablerail.deposit.deposits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
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
        if (!DEPOSIT_ENTRY_TYPE.equals(entryType) || reference == null) {
            return false;
        }
        UUID depositId;
        try {
            depositId = UUID.fromString(reference);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Optional<Deposit> found = deposits.find(depositId);
        if (found.isEmpty()) {
            log.warn("ledger posted a DEPOSIT entry for unknown deposit {}", depositId);
            return false;
        }
        Deposit deposit = found.get();
        if (!ledgerKey(deposit).equals(idempotencyKey)) {
            log.warn("ledger DEPOSIT entry for deposit {} has an unexpected idempotency key; not marking it credited",
                    depositId);
            return false;
        }
        boolean credited = deposits.transition(depositId, DepositStatus.CONFIRMED, DepositStatus.CREDITED);
        if (credited) {
            Counter.builder("deposit.credited").tag("chain", deposit.chain()).register(meters).increment();
        } else if (deposit.status() != DepositStatus.CREDITED) {
            log.warn("ledger credited deposit {} while it is {}", depositId, deposit.status());
        }
        return credited;
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
