/**
 * Routes merchant API calls to the service that owns them over HTTP, with a timeout and a circuit breaker per service.
 * The gateway adds who the merchant is and holds no business rule of the services.
 */
package io.stablerail.gateway.routing;
