/** HD keys: BIP-39 seeds and BIP-32/44 derivation (web3j), and watch-only child derivation from an xpub. */
package io.stablerail.chain.keys;
