/** Facts published by ledger-service on {@code stablerail.ledger.v1}. Amounts are integer minor units as strings. */
package io.stablerail.events.ledger;
