/** Messaging core shared by every service: typed configuration and topic naming. */
package io.stablerail.messaging;
