-- confirmation-worker: the transactions it follows to finality (one row per (purpose, reference)).
CREATE TABLE tracked_transaction (
    id                   uuid        PRIMARY KEY,
    purpose              text        NOT NULL CHECK (purpose IN ('DEPOSIT', 'WITHDRAWAL')),
    reference            text        NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    chain                text        NOT NULL,
    tx_hash              text        NOT NULL,
    token_contract       text        NOT NULL,
    from_address         text,
    to_address           text        NOT NULL,
    amount               numeric(78, 0) NOT NULL CHECK (amount > 0),
    log_index            bigint      CHECK (log_index >= 0),
    nonce                bigint      CHECK (nonce >= 0),
    expiration_at        timestamptz,
    broadcast_at         timestamptz NOT NULL,
    request_event_id     uuid        NOT NULL,
    status               text        NOT NULL DEFAULT 'TRACKING'
                                     CHECK (status IN ('TRACKING', 'STUCK', 'FINAL', 'FAILED', 'DROPPED')),
    detected_at          timestamptz NOT NULL,
    first_head_block     bigint,
    block_seen_number    bigint,
    block_seen_hash      text,
    attempts             integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    consecutive_errors   integer     NOT NULL DEFAULT 0 CHECK (consecutive_errors >= 0),
    next_check_at        timestamptz NOT NULL,
    last_error           text,
    outcome_reason       text,
    outcome_detail       text,
    fee_amount           numeric(78, 0) CHECK (fee_amount >= 0),
    stuck_reported_at    timestamptz,
    resolved_at          timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tracked_transaction_purpose_reference_key UNIQUE (purpose, reference),
    CONSTRAINT tracked_transaction_withdrawal_has_sender CHECK (purpose <> 'WITHDRAWAL' OR from_address IS NOT NULL),
    CONSTRAINT tracked_transaction_resolved_when_terminal
        CHECK ((status IN ('FINAL', 'FAILED', 'DROPPED')) = (resolved_at IS NOT NULL))
);

-- The checker's queue: open rows of one chain, due first.
CREATE INDEX tracked_transaction_due_idx ON tracked_transaction (chain, next_check_at)
    WHERE status IN ('TRACKING', 'STUCK');
CREATE INDEX tracked_transaction_tx_hash_idx ON tracked_transaction (chain, tx_hash);
