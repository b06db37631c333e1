/**
 * Facts published by confirmation-worker on {@code stablerail.transactions.v1} about tracked transactions. Amounts are
 * integer base units of the chain's native asset, written as strings.
 */
package io.stablerail.events.transaction;
