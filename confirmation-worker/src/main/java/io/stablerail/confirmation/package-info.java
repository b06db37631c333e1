/** confirmation-worker: tracks transactions to finality and reconciles. */
package io.stablerail.confirmation;
