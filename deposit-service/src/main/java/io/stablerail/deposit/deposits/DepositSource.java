package io.stablerail.deposit.deposits;

/**
 * Who reported a transfer. Only the scanner, which follows the parent-hash chain, may re-detect an orphaned deposit
 * or move a detected one to another block; a provider webhook only ever adds deposits not seen yet.
 */
public enum DepositSource {
    SCANNER, WEBHOOK
}
