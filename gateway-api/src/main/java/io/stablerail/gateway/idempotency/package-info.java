/**
 * Stripe-style request idempotency for every merchant POST: first request's fingerprint and final response are
 * stored; the same key and request replays, another request is refused, a request still running answers 409.
 */
package io.stablerail.gateway.idempotency;
