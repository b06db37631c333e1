/** What every service knows about chains: values, keys, and (with the chain-layer issue) clients and signers. */
package io.stablerail.chain;
