/**
 * Signing: one {@link io.stablerail.chain.signer.TransactionSigner} SPI for both chain families (a secp256k1 digest
 * in, a low-s recoverable signature out), with a local implementation (keystore file, environment, HD seed) and an
 * AWS KMS one. Private keys never leave their signer and never appear in logs or {@code toString()}.
 */
package io.stablerail.chain.signer;
