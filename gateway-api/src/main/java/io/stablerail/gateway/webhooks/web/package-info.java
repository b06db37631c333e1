/** Merchant API of webhooks and events: endpoints, delivery log, redelivery, {@code GET /v1/events}. */
package io.stablerail.gateway.webhooks.web;
