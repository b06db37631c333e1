/** Merchant webhooks: signed payloads, retries over three days, endpoint disabling, SSRF-safe targets, events. */
package io.stablerail.gateway.webhooks;
