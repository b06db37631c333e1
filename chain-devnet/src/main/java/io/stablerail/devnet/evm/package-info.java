/** The EVM devnet: a pinned Hardhat node run as a child process, with the USDT-like and USDC-like test tokens. */
package io.stablerail.devnet.evm;
