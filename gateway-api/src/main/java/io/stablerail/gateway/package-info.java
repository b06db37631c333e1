/** gateway-api: merchant REST API edge and ops dashboard API. */
package io.stablerail.gateway;
