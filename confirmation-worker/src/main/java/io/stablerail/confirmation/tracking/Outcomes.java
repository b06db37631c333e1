package io.stablerail.confirmation.tracking;

import io.stablerail.events.transaction.TransactionDropped;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.events.transaction.TransactionStuck;

/** The outcome events of a tracked transaction. */
final class Outcomes {

    private Outcomes() {
    }

    static TransactionFinal finalEvent(TrackedTransaction tracked, Verdict.Final done) {
        VerifiedTransfer transfer = done.transfer();
        return new TransactionFinal(tracked.purpose(), tracked.reference(), tracked.chain(), tracked.txHash(),
                done.blockNumber(), done.blockHash(), transfer.tokenContract(), transfer.fromAddress(),
                transfer.toAddress(), transfer.amount().toString(), transfer.logIndex(), done.fee().toString(),
                done.feeUnit());
    }

    static TransactionFailed failed(TrackedTransaction tracked, Verdict.Failed failed) {
        return new TransactionFailed(tracked.purpose(), tracked.reference(), tracked.chain(), tracked.txHash(),
                failed.reason(), failed.detail(), failed.blockNumber(), failed.blockHash(), failed.fee().toString(),
                failed.feeUnit());
    }

    static TransactionDropped dropped(TrackedTransaction tracked, Verdict.Dropped dropped) {
        return new TransactionDropped(tracked.purpose(), tracked.reference(), tracked.chain(), tracked.txHash(),
                dropped.reason(), dropped.detail(), dropped.finalityBlock());
    }

    static TransactionStuck stuck(TrackedTransaction tracked, long blocksWaited, long head) {
        return new TransactionStuck(tracked.purpose(), tracked.reference(), tracked.chain(), tracked.txHash(),
                tracked.nonce(), tracked.broadcastAt(), blocksWaited, head);
    }
}
