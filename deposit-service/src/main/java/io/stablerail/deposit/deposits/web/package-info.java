/** Internal HTTP API of deposits: a merchant's deposits, listed with a cursor, and one by id. */
package io.stablerail.deposit.deposits.web;
