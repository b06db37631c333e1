/** Provider webhooks: HMAC-verified raw events stored first, then fed to the same deposit dedup path; replay of the unprocessed. */
package io.stablerail.deposit.webhooks;
