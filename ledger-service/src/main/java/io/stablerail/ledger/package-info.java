/** ledger-service: double-entry books, holds and balances. */
package io.stablerail.ledger;
