/** deposit-service: deposit addresses, chain scanning and deposits. */
package io.stablerail.deposit;
