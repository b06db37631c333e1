/** Ops endpoints that create merchants and manage their API keys ({@code /ops/api/merchants}, {@code /ops/api/api-keys}). */
package io.stablerail.gateway.merchants.web;
