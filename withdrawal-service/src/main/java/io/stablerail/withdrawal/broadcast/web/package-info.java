/** Ops endpoints for a withdrawal's on-chain transactions: list its attempts, bump or cancel a stuck EVM one. */
package io.stablerail.withdrawal.broadcast.web;
