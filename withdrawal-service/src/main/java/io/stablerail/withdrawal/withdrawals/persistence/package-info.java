/** PostgreSQL adapter of withdrawals, approvals and the address book (JDBC, schema {@code withdrawal}). */
package io.stablerail.withdrawal.withdrawals.persistence;
