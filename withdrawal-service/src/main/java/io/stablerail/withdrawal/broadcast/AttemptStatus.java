package io.stablerail.withdrawal.broadcast;

/** SIGNED (stored, maybe sent) → BROADCAST (a node accepted it) → CONFIRMED / FAILED; DEAD when provably never mined. */
public enum AttemptStatus { SIGNED, BROADCAST, DEAD, CONFIRMED, FAILED }
