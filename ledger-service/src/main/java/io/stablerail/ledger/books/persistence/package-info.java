/** PostgreSQL adapter of the books (JDBC): accounts, entries, postings, balances and holds in schema {@code ledger}. */
package io.stablerail.ledger.books.persistence;
