/** Kafka adapter of the books: deposit and withdrawal facts turned into entries, each once (inbox). */
package io.stablerail.ledger.books.messaging;
