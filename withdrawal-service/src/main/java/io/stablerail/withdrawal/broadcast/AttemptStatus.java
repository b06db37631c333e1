package io.stablerail.withdrawal.broadcast;

/**
 * SIGNED (stored, maybe sent) → BROADCAST (a node accepted it) → CONFIRMED / FAILED; REPLACED when a later attempt
 * took its nonce with higher fees (still tracked: it may be mined instead); DEAD when provably never mined.
 */
public enum AttemptStatus { SIGNED, BROADCAST, REPLACED, DEAD, CONFIRMED, FAILED }
