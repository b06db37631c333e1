package io.stablerail.withdrawal.broadcast;

/**
 * What an attempt does on chain: the withdrawal's token transfer, an ops cancel (a zero-value self-send), or a nonce
 * gap filler (a zero-value self-send that belongs to no withdrawal).
 */
public enum AttemptKind { TRANSFER, CANCEL, NONCE_FILL }
