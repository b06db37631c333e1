/**
 * The broadcaster: one logical sender per (chain, hot wallet), nonce or reference-block allocation, signed-before-sent
 * attempts, classified retries (DESIGN rule 5), liquidity checks and nonce-gap detection. Chain access is the
 * {@link io.stablerail.withdrawal.broadcast.ChainSender} port.
 */
package io.stablerail.withdrawal.broadcast;
