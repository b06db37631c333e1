/** Deposits: the dedup store of observed transfers and their life cycle DETECTED → CONFIRMED → CREDITED (or ORPHANED). */
package io.stablerail.deposit.deposits;
