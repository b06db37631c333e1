/** JDBC adapter of addresses: xpubs, the per-(merchant, coin) index counter, addresses and the batch lookup. */
package io.stablerail.deposit.addresses.persistence;
