/** Inbox: runs a consumer's effect and records the event id in one transaction, so redelivery changes nothing. */
package io.stablerail.messaging.inbox;
