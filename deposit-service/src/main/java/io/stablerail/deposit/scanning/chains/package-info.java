/**
 * The scanner's chain sources over common-chain's clients: {@link io.stablerail.deposit.scanning.chains.EvmChainSource}
 * ({@code eth_getLogs} on the token contracts) and {@link io.stablerail.deposit.scanning.chains.TronChainSource}
 * (transaction infos per block), one per chain enabled in {@code stablerail.chains.endpoints}, each behind its
 * endpoint pool (timeout, retry, breaker, failover).
 */
package io.stablerail.deposit.scanning.chains;
