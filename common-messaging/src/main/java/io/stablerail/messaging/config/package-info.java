/** Spring Boot auto-configuration of the messaging core and the messaging tables' migration. */
package io.stablerail.messaging.config;
