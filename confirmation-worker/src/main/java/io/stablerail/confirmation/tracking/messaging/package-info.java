/** Kafka adapter: consumes track requests through the inbox (bounded retries, then the dead-letter topic). */
package io.stablerail.confirmation.tracking.messaging;
