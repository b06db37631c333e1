/** Addresses as validated values: EVM (EIP-55) and TRON (base58check, 0x41 prefix), and Base58Check itself. */
package io.stablerail.chain.address;
