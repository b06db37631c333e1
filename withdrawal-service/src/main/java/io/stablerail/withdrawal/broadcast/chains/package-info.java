/** The broadcaster's chain port and hot-wallet signers adapted to the real EVM and TRON clients of common-chain. */
package io.stablerail.withdrawal.broadcast.chains;
