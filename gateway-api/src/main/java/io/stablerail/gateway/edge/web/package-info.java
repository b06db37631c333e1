/**
 * The merchant API edge as servlet filters, in order: Request-Id, body size limit, authentication (ops token or API
 * key, fail closed), per-key rate limit, idempotency. Every refusal is an RFC 9457 problem with a stable code.
 */
package io.stablerail.gateway.edge.web;
