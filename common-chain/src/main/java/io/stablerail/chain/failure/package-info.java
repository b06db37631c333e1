/** What a failed chain call means for the caller: retry, rebuild, stop, or treat as already broadcast. */
package io.stablerail.chain.failure;
