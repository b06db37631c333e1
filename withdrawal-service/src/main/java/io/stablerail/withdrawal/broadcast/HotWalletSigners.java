package io.stablerail.withdrawal.broadcast;

import io.stablerail.chain.signer.TransactionSigner;

/**
 * Port to the hot-wallet keys: the signer SPI of common-chain ({@code KmsSigner} in production, {@code LocalKeySigner}
 * in development). Keys never leave it; only {@link TransactionSigner#keyId()} may be logged.
 */
public interface HotWalletSigners {

    TransactionSigner signerFor(String chain, String wallet);
}
