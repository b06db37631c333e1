/** PostgreSQL adapter of merchant events, webhook endpoints, deliveries and attempts. */
package io.stablerail.gateway.webhooks.persistence;
