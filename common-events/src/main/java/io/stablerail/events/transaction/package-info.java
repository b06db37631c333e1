/**
 * Transaction tracking on {@code stablerail.track-requests.v1} (deposit-service, withdrawal-service → confirmation-worker)
 * and its outcomes on {@code stablerail.transactions.v1} (confirmation-worker → both). Keyed by the tracked
 * {@code reference}; amounts and fees are integer base units as strings.
 */
package io.stablerail.events.transaction;
