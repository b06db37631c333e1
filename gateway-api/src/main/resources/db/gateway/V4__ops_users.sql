-- Ops users: each person on the ops team has a name and a token of their own, so the gateway — not the caller — names
-- the actor of every ops action (X-Actor) and withdrawal-service's four-eyes rule (approver ≠ requester, two distinct
-- approvers) counts people, not names typed into a header. The token is `sro_<16>_<40>`: the first part (the id) is
-- visible, the secret is kept only as SHA-256. Users are disabled, never deleted (the audit trail names them).
CREATE TABLE ops_user (
    id            TEXT        PRIMARY KEY CHECK (id ~ '^sro_[A-Za-z0-9]{16}$'),
    name          TEXT        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,62}$' AND name <> 'bootstrap'),
    secret_sha256 BYTEA       NOT NULL CHECK (length(secret_sha256) = 32),
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT        NOT NULL,
    disabled_at   TIMESTAMPTZ
);
