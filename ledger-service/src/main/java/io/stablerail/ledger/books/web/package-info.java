/** Internal HTTP API of the books ({@code /internal/v1}), for services that need an answer now; RFC 9457 errors. */
package io.stablerail.ledger.books.web;
