/** Chain-independent scanning: the ChainSource port, durable cursors, bounded ranges, reorg walk-back, one leader per chain. */
package io.stablerail.deposit.scanning;
