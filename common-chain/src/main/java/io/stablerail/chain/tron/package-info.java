/** The TRON client (trident 0.10 over gRPC): blocks, transaction infos, TRC-20 transfers signed by a TransactionSigner. */
package io.stablerail.chain.tron;
