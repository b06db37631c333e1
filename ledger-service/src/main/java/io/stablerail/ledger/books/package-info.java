/**
 * The books: double-entry journal entries with postings in integer minor units, balances kept in the same
 * transaction, and two-phase holds. Domain types and the application service; no web, JDBC or Kafka types here.
 */
package io.stablerail.ledger.books;
