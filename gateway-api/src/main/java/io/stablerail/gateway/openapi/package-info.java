/** The merchant API's OpenAPI 3.1 document, served at {@code /v1/openapi.json}. */
package io.stablerail.gateway.openapi;
