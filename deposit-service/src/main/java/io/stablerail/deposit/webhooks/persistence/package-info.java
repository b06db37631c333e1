/** JDBC adapter of provider webhooks: the raw_provider_event table. */
package io.stablerail.deposit.webhooks.persistence;
