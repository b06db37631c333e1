/** Turns domain events that concern a merchant into merchant events and their webhook deliveries (inbox, once). */
package io.stablerail.gateway.webhooks.messaging;
