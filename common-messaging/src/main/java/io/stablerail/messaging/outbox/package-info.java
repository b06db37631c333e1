/** Transactional outbox: events appended in the caller's transaction, relayed to Kafka after the broker acknowledges. */
package io.stablerail.messaging.outbox;
