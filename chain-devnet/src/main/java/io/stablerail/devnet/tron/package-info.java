/**
 * The TRON devnet: an in-JVM gRPC server on 127.0.0.1 speaking java-tron's {@code Wallet} and {@code WalletSolidity}
 * services (trident's generated stubs), with a virtual block clock, a native USDT-like TRC-20 and fault injection.
 */
package io.stablerail.devnet.tron;
