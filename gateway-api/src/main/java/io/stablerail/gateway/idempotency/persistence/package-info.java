/** PostgreSQL adapter of idempotency records. */
package io.stablerail.gateway.idempotency.persistence;
