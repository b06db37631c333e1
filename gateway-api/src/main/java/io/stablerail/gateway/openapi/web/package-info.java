/** Serves the OpenAPI document. */
package io.stablerail.gateway.openapi.web;
