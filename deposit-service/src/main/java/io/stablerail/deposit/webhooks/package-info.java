/** Provider webhooks: HMAC-verified raw events stored first, then the same deposit dedup path; replay job. */
package io.stablerail.deposit.webhooks;
