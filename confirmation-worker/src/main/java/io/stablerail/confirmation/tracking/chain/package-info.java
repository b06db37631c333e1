/** Chain adapters: the confirmation checklist on EVM (web3j) and TRON (trident) nodes behind endpoint pools. */
package io.stablerail.confirmation.tracking.chain;
