/** Merchant account xpubs and the watch-only deposit addresses derived from them; the indexed address lookup. */
package io.stablerail.deposit.addresses;
