/** JDBC adapter of deposits: set-based inserts with ON CONFLICT, guarded state transitions. */
package io.stablerail.deposit.deposits.persistence;
