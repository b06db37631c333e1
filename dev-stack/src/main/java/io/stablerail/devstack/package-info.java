/** The one-command local stack: embedded PostgreSQL and Kafka with persistent data, and the six services as processes. */
package io.stablerail.devstack;
