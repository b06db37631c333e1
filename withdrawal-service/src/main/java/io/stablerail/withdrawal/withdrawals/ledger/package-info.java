/** HTTP adapter of the {@code Funds} port: ledger-service's internal holds API. */
package io.stablerail.withdrawal.withdrawals.ledger;
