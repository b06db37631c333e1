/** withdrawal-service: withdrawals, approvals, signing and broadcast. */
package io.stablerail.withdrawal;
