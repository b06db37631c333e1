/** Ops view of the suite: the health of each of the six services, UP or DOWN and why. */
package io.stablerail.gateway.ops;
