-- Messaging tables of one service, created in that service's own schema (history table: messaging_schema_history).

-- Transactional outbox: a row is written in the same transaction as the state change it announces.
CREATE TABLE outbox_event (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        UUID        NOT NULL UNIQUE,
    topic           TEXT        NOT NULL CHECK (length(topic) BETWEEN 1 AND 249),
    message_key     TEXT        NOT NULL CHECK (length(message_key) > 0),
    event_type      TEXT        NOT NULL CHECK (length(event_type) > 0),
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    published_at    TIMESTAMPTZ
);

-- The relay reads pending rows in id order, and checks earlier pending rows of the same key.
CREATE INDEX outbox_event_pending ON outbox_event (id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_pending_by_key ON outbox_event (message_key, id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Inbox: one row per (consumer, event) whose effect has been applied, inserted in the effect's transaction.
CREATE TABLE inbox_event (
    consumer    TEXT        NOT NULL CHECK (length(consumer) > 0),
    event_id    UUID        NOT NULL,
    event_type  TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
