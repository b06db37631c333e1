-- withdrawal-service schema. Migrations live in classpath:db/withdrawal (not db/migration) so that a test classpath
-- holding another service's jar never mixes two services' migrations.

-- One row per merchant intent (DESIGN rule 2): unique on (merchant_id, idempotency_key).
CREATE TABLE withdrawal (
    id                  UUID PRIMARY KEY,
    merchant_id         TEXT        NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    idempotency_key     TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_fingerprint TEXT        NOT NULL CHECK (length(request_fingerprint) = 64),
    chain               TEXT        NOT NULL,
    asset               TEXT        NOT NULL,
    token_contract      TEXT        NOT NULL,
    to_address          TEXT        NOT NULL,
    amount_minor        NUMERIC(78) NOT NULL CHECK (amount_minor > 0),
    amount_base         NUMERIC(78) NOT NULL CHECK (amount_base > 0),
    reference           TEXT CHECK (length(reference) <= 255),
    hold_id             UUID        NOT NULL UNIQUE,
    hot_wallet          TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('REQUESTED', 'REJECTED', 'PENDING_APPROVAL',
                            'APPROVED', 'AWAITING_LIQUIDITY', 'CANCELLED', 'SIGNED', 'BROADCAST', 'CONFIRMED',
                            'FAILED')),
    approvals_required  INTEGER     NOT NULL DEFAULT 0 CHECK (approvals_required BETWEEN 0 AND 2),
    requested_by        TEXT        NOT NULL,
    failure_code        TEXT,
    failure_detail      TEXT,
    -- set when the hold must be voided through the ledger (cancel, ops rejection, failure); cleared once voided
    hold_release_pending BOOLEAN    NOT NULL DEFAULT false,
    -- EVM rebuild: the nonce a dead attempt held, reused by the next attempt (replacement, no gap)
    reuse_nonce         BIGINT CHECK (reuse_nonce >= 0),
    not_before          TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (merchant_id, idempotency_key)
);
CREATE INDEX withdrawal_ready ON withdrawal (chain, hot_wallet, created_at)
    WHERE status IN ('APPROVED', 'AWAITING_LIQUIDITY');
CREATE INDEX withdrawal_release_pending ON withdrawal (updated_at) WHERE hold_release_pending;
CREATE INDEX withdrawal_requested ON withdrawal (created_at) WHERE status = 'REQUESTED';
CREATE INDEX withdrawal_daily ON withdrawal (merchant_id, asset, created_at);

-- Approval decisions; four-eyes means two distinct approvers, neither the requester (checked in code and here).
CREATE TABLE withdrawal_approval (
    withdrawal_id UUID        NOT NULL REFERENCES withdrawal (id),
    approver      TEXT        NOT NULL CHECK (length(approver) BETWEEN 1 AND 128),
    decided_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (withdrawal_id, approver)
);

-- Destinations a merchant has used; a new one is usable only after the cool-down.
CREATE TABLE address_book_entry (
    merchant_id  TEXT        NOT NULL,
    chain        TEXT        NOT NULL,
    address      TEXT        NOT NULL,
    added_at     TIMESTAMPTZ NOT NULL,
    usable_from  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (merchant_id, chain, address)
);

-- The next EVM nonce of each hot wallet; advanced only in the transaction that stores the signed attempt.
CREATE TABLE wallet_nonce (
    chain      TEXT   NOT NULL,
    wallet     TEXT   NOT NULL,
    next_nonce BIGINT NOT NULL CHECK (next_nonce >= 0),
    PRIMARY KEY (chain, wallet)
);

-- Signed transactions (DESIGN rule 5): stored before their first broadcast.
CREATE TABLE tx_attempt (
    id                 UUID PRIMARY KEY,
    withdrawal_id      UUID        NOT NULL REFERENCES withdrawal (id),
    attempt_no         INTEGER     NOT NULL CHECK (attempt_no >= 1),
    chain              TEXT        NOT NULL,
    wallet             TEXT        NOT NULL,
    nonce              BIGINT CHECK (nonce >= 0),
    reference_block    TEXT,
    expires_at         TIMESTAMPTZ,
    raw_tx             TEXT        NOT NULL CHECK (length(raw_tx) > 0),
    txid               TEXT        NOT NULL CHECK (length(txid) > 0),
    fee_limit          NUMERIC(78) NOT NULL CHECK (fee_limit >= 0),
    status             TEXT        NOT NULL CHECK (status IN ('SIGNED', 'BROADCAST', 'DEAD', 'CONFIRMED', 'FAILED')),
    send_failures      INTEGER     NOT NULL DEFAULT 0 CHECK (send_failures >= 0),
    next_send_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error         TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    broadcast_at       TIMESTAMPTZ,
    UNIQUE (withdrawal_id, attempt_no),
    UNIQUE (chain, txid),
    CHECK ((nonce IS NULL) <> (reference_block IS NULL))
);
-- Two live attempts never share a nonce of one wallet; a dead one may be replaced with the same nonce.
CREATE UNIQUE INDEX tx_attempt_live_nonce ON tx_attempt (chain, wallet, nonce)
    WHERE nonce IS NOT NULL AND status <> 'DEAD';
-- At most one live attempt per withdrawal: one intent, one payout (DESIGN rule 2).
CREATE UNIQUE INDEX tx_attempt_one_live ON tx_attempt (withdrawal_id) WHERE status IN ('SIGNED', 'BROADCAST');
CREATE INDEX tx_attempt_unsent ON tx_attempt (chain, wallet, next_send_at) WHERE status = 'SIGNED';
