/** PostgreSQL adapter of ops users. */
package io.stablerail.gateway.ops.persistence;
