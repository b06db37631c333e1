/** Dead-letter topics: bounded retries, then {@code <topic>.DLT}; inspect and replay (safe because of the inbox). */
package io.stablerail.messaging.deadletter;
