/** Deposits: the dedup store of observed transfers and their life cycle DETECTED → CONFIRMED → CREDITED. */
package io.stablerail.deposit.deposits;
