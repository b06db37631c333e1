/** Withdrawal intents: validation, idempotent intake, funds holds through the ledger, policy, approvals, cancel. */
package io.stablerail.withdrawal.withdrawals;
