/**
 * The key side of merchant onboarding: the HD seed behind deposit addresses, and the hand-over of each new merchant's
 * account-level xpubs (public keys only) to deposit-service.
 */
package io.stablerail.withdrawal.onboarding;
