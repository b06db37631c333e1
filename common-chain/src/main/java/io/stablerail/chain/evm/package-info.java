/** The EVM client (web3j 6 over JSON-RPC): blocks, bounded log scans, receipts, nonces, broadcast, gas and fees. */
package io.stablerail.chain.evm;
