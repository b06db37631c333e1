package io.stablerail.withdrawal.broadcast;

/** What an attempt does on chain: the withdrawal's token transfer, or an ops cancel (a zero-value self-send). */
public enum AttemptKind { TRANSFER, CANCEL }
