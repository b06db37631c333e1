package io.stablerail.confirmation.tracking;

import java.math.BigInteger;

import io.stablerail.events.transaction.DropReason;
import io.stablerail.events.transaction.FailureReason;

/** What one look at the chain says about a tracked transaction. */
public sealed interface Verdict {

    /**
     * Not decided yet: not mined, mined above the finality point, or its block was reorganized away.
     *
     * @param headBlock   the chain head seen
     * @param minedBlock  the block it was seen in (null when not mined)
     * @param minedHash   that block's hash (null when not mined)
     * @param note        why it is still open, for logs
     */
    record Pending(long headBlock, Long minedBlock, String minedHash, String note) implements Verdict {
        public boolean mined() {
            return minedBlock != null;
        }
    }

    /** Final and matched the checklist. {@code fee} in base units of {@code feeUnit}. */
    record Final(long blockNumber, String blockHash, VerifiedTransfer transfer, BigInteger fee, String feeUnit)
            implements Verdict {
    }

    /** Final on chain but failed or did not match; the fee was burned. */
    record Failed(FailureReason reason, String detail, long blockNumber, String blockHash, BigInteger fee,
            String feeUnit) implements Verdict {
    }

    /** Provably never going to be included. */
    record Dropped(DropReason reason, String detail, long finalityBlock) implements Verdict {
    }
}
