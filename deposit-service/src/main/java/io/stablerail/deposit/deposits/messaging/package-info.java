/** Kafka adapter of deposits: the ledger's entry.posted for a deposit marks it CREDITED, once (inbox). */
package io.stablerail.deposit.deposits.messaging;
