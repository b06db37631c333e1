/** Exact conversion between a token's base units and a currency's minor units. */
package io.stablerail.chain.units;
