/** Ops HTTP API of confirmation-worker: list tracked transactions, look at one, look at an open one again now. */
package io.stablerail.confirmation.tracking.web;
