/** Facts published by withdrawal-service on {@code stablerail.withdrawals.v1}. Amounts are minor units as strings. */
package io.stablerail.events.withdrawal;
