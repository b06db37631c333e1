/** settlement-service: payouts, sweeps, treasury limits, escrows. */
package io.stablerail.settlement;
