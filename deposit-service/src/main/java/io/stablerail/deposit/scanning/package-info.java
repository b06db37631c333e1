/** Chain-independent scanning: ChainSource port, durable cursors, bounded ranges, reorgs, one leader per chain. */
package io.stablerail.deposit.scanning;
