/** PostgreSQL adapter of merchants and API keys. */
package io.stablerail.gateway.merchants.persistence;
