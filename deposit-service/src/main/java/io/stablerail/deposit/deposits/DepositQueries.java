package io.stablerail.deposit.deposits;

import java.util.List;
import java.util.UUID;

import io.stablerail.deposit.addresses.DepositException;
import org.springframework.stereotype.Service;

/** Reads of a merchant's deposits. */
@Service
public class DepositQueries {

    public static final int LIST_LIMIT_MAX = 100;

    private final DepositRepository deposits;

    public DepositQueries(DepositRepository deposits) {
        this.deposits = deposits;
    }

    public List<DepositRecord> list(String merchantId, long afterSeq, int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw DepositException.invalid("limit must be 1-" + LIST_LIMIT_MAX);
        }
        return deposits.list(merchantId, afterSeq, limit);
    }

    public DepositRecord get(String merchantId, UUID depositId) {
        return deposits.record(merchantId, depositId).orElseThrow(() -> new DepositException(
                DepositException.Kind.NOT_FOUND, "deposit_not_found", "no deposit " + depositId));
    }
}
