/** The published language shared by all services: the event envelope, event records and topic names. */
package io.stablerail.events;
