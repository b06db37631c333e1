/** Merchants and their API keys: visible prefix plus a secret shown once, stored hashed, scoped, rotatable, revocable. */
package io.stablerail.gateway.merchants;
