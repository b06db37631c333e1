/** HTTP adapter of the ops API ({@code /ops/api/**}). */
package io.stablerail.gateway.ops.web;
