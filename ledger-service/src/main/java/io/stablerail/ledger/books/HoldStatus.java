package io.stablerail.ledger.books;

/** Life of a hold: PENDING, then exactly one of POSTED, VOIDED or EXPIRED. */
public enum HoldStatus { PENDING, POSTED, VOIDED, EXPIRED }
