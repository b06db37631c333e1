-- Merchant-facing events (GET /v1/events, webhooks), webhook endpoints, deliveries and their attempt log.

CREATE TABLE merchant_event (
    id              TEXT        PRIMARY KEY CHECK (id ~ '^evt_[A-Za-z0-9]{24}$'),
    merchant_id     TEXT        NOT NULL REFERENCES merchant (id),
    type            TEXT        NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    data            TEXT        NOT NULL,
    -- the domain event it came from: one merchant event per domain event, however often Kafka delivers it
    source_event_id UUID        NOT NULL UNIQUE
);
CREATE INDEX merchant_event_page ON merchant_event (merchant_id, created_at, id);

-- The signing secret is kept encrypted (AES-256-GCM, key from configuration), shown to the merchant once.
CREATE TABLE webhook_endpoint (
    id                TEXT        PRIMARY KEY CHECK (id ~ '^we_[A-Za-z0-9]{24}$'),
    merchant_id       TEXT        NOT NULL REFERENCES merchant (id),
    url               TEXT        NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    event_types       TEXT[]      NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 50),
    secret_ciphertext BYTEA       NOT NULL,
    description       TEXT,
    status            TEXT        NOT NULL CHECK (status IN ('ENABLED', 'DISABLED')),
    disabled_reason   TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    disabled_at       TIMESTAMPTZ
);
CREATE INDEX webhook_endpoint_by_merchant ON webhook_endpoint (merchant_id, created_at, id);

CREATE TABLE webhook_delivery (
    id              TEXT        PRIMARY KEY CHECK (id ~ '^whd_[A-Za-z0-9]{24}$'),
    event_id        TEXT        NOT NULL REFERENCES merchant_event (id),
    endpoint_id     TEXT        NOT NULL REFERENCES webhook_endpoint (id),
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ,
    locked_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (event_id, endpoint_id),
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id, created_at, id);

CREATE TABLE webhook_attempt (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   TEXT        NOT NULL REFERENCES webhook_delivery (id),
    attempted_at  TIMESTAMPTZ NOT NULL,
    status_code   INTEGER,
    latency_ms    BIGINT      NOT NULL CHECK (latency_ms >= 0),
    error         TEXT,
    succeeded     BOOLEAN     NOT NULL
);
CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (delivery_id, id);
CREATE INDEX webhook_attempt_by_endpoint_time ON webhook_attempt (attempted_at);
