/** Internal HTTP API of withdrawals (merchant side routed by gateway-api; ops approvals); RFC 9457 errors. */
package io.stablerail.withdrawal.withdrawals.web;
