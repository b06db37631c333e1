/** Kafka adapter of the broadcaster: confirmation results consumed once each through the inbox. */
package io.stablerail.withdrawal.broadcast.messaging;
