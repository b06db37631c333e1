/** Kafka adapter of onboarding: {@code merchant.onboarded} consumed once each through the inbox. */
package io.stablerail.withdrawal.onboarding.messaging;
