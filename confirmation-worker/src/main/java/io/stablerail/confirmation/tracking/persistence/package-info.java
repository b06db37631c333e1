/** JDBC adapter of the tracked-transaction repository (schema {@code confirmation}). */
package io.stablerail.confirmation.tracking.persistence;
