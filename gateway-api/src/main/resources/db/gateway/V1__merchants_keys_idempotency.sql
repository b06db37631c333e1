-- gateway: merchants, their API keys, and the request idempotency records of the merchant API.

CREATE TABLE merchant (
    id         TEXT        PRIMARY KEY CHECK (id ~ '^mer_[A-Za-z0-9]{16}$'),
    name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status     TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A key is shown once as "<prefix>_<secret>"; only the prefix (visible, unique) and SHA-256 of the secret are kept.
-- Secrets are 240-bit random strings, so a fast hash is the right tool (no password stretching needed).
CREATE TABLE api_key (
    id             UUID        PRIMARY KEY,
    merchant_id    TEXT        NOT NULL REFERENCES merchant (id),
    prefix         TEXT        NOT NULL UNIQUE CHECK (prefix ~ '^srk_[A-Za-z0-9]{16}$'),
    secret_sha256  BYTEA       NOT NULL CHECK (length(secret_sha256) = 32),
    scopes         TEXT[]      NOT NULL CHECK (scopes <@ ARRAY['read', 'write'] AND cardinality(scopes) > 0),
    description    TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    replaced_by    UUID        REFERENCES api_key (id)
);
CREATE INDEX api_key_by_merchant ON api_key (merchant_id, created_at);

-- Stripe-style idempotency: one row per (merchant, key); the fingerprint of the first request and its final response.
CREATE TABLE idempotency_record (
    merchant_id           TEXT        NOT NULL REFERENCES merchant (id),
    idempotency_key       TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_fingerprint   TEXT        NOT NULL,
    state                 TEXT        NOT NULL CHECK (state IN ('IN_FLIGHT', 'COMPLETED')),
    locked_until          TIMESTAMPTZ NOT NULL,
    response_status       INTEGER,
    response_content_type TEXT,
    response_location     TEXT,
    response_body         BYTEA,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at          TIMESTAMPTZ,
    PRIMARY KEY (merchant_id, idempotency_key),
    CHECK ((state = 'COMPLETED') = (response_status IS NOT NULL))
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
