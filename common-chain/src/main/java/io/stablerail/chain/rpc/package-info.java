/**
 * Calling chain nodes: one client per endpoint, each behind its own timeout, retry (exponential backoff with
 * jitter) and circuit breaker, with failover to the next endpoint in the chain's configured order and metrics per
 * chain, endpoint and operation.
 */
package io.stablerail.chain.rpc;
