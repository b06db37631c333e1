/** HTTP adapter of routed merchant operations; amounts shown as decimal strings. */
package io.stablerail.gateway.routing.web;
