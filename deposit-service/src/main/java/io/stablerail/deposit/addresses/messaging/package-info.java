/** Kafka adapter of addresses: the key side's {@code merchant.deposit-keys} onboards a merchant once (inbox). */
package io.stablerail.deposit.addresses.messaging;
