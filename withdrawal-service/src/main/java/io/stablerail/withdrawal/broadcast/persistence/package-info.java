/** PostgreSQL adapter of attempts, nonces and the advisory sender lock. */
package io.stablerail.withdrawal.broadcast.persistence;
