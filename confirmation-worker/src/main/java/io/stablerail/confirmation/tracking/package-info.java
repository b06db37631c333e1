/**
 * Tracked transactions: follows each tracked transfer to the chain's finality point, re-checks the confirmation
 * checklist there and reports one outcome through the outbox (adapters in {@code persistence}, {@code messaging},
 * {@code chain}).
 */
package io.stablerail.confirmation.tracking;
