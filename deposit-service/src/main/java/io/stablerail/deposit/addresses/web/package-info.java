/** Internal HTTP API of addresses: xpub registration, address creation, list and get; RFC 9457 problems. */
package io.stablerail.deposit.addresses.web;
