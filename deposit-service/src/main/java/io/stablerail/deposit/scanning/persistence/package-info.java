/** JDBC adapter of scanning: cursors, the recent-block window and the per-chain advisory lock. */
package io.stablerail.deposit.scanning.persistence;
