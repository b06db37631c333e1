/** Facts published by deposit-service on {@code stablerail.deposits.v1}. Amounts are integer minor units as strings. */
package io.stablerail.events.deposit;
