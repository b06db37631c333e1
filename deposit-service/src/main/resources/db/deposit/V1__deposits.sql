-- deposit-service schema: merchant xpubs, deposit addresses, deposits, scan cursors, raw provider events.
-- Amounts are integer token base units (NUMERIC(78,0)), never floating point.

-- Account-level extended public keys (m/44'/coin'/account'), watch-only. Never replaced once registered.
CREATE TABLE merchant_xpub (
    merchant_id text        NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    coin        integer     NOT NULL CHECK (coin IN (60, 195)),
    xpub        text        NOT NULL CHECK (xpub ~ '^xpub[1-9A-HJ-NP-Za-km-z]{100,108}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, coin)
);

-- The next derivation index per (merchant, coin); allocated with UPDATE ... RETURNING, so concurrent requests
-- serialize on this row and never get the same index.
CREATE TABLE address_counter (
    merchant_id text    NOT NULL,
    coin        integer NOT NULL,
    next_index  integer NOT NULL DEFAULT 0 CHECK (next_index >= 0),
    PRIMARY KEY (merchant_id, coin),
    FOREIGN KEY (merchant_id, coin) REFERENCES merchant_xpub (merchant_id, coin)
);

-- One row per derived address. EVM addresses are one per index for every EVM chain (coin 60); `chain` is only
-- the chain the merchant asked for. `match_key` is what transfers are matched on: lower-case 0x-hex for EVM,
-- base58check for TRON.
CREATE TABLE deposit_address (
    seq                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address_id         uuid        NOT NULL UNIQUE,
    merchant_id        text        NOT NULL,
    coin               integer     NOT NULL,
    derivation_index   integer     NOT NULL CHECK (derivation_index >= 0),
    address            text        NOT NULL,
    match_key          text        NOT NULL,
    family             text        NOT NULL CHECK (family IN ('EVM', 'TRON')),
    chain              text        NOT NULL,
    customer_reference text        CHECK (length(customer_reference) <= 128),
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (merchant_id, coin, derivation_index),
    CONSTRAINT deposit_address_match_key_unique UNIQUE (match_key),
    FOREIGN KEY (merchant_id, coin) REFERENCES merchant_xpub (merchant_id, coin)
);
CREATE INDEX deposit_address_merchant_seq ON deposit_address (merchant_id, seq);

-- One row per on-chain transfer to one of our addresses: unique (chain, tx_hash, log_index).
CREATE TABLE deposit (
    deposit_id         uuid          PRIMARY KEY,
    seq                bigint        GENERATED ALWAYS AS IDENTITY UNIQUE,
    chain              text          NOT NULL,
    tx_hash            text          NOT NULL,
    log_index          bigint        NOT NULL CHECK (log_index >= 0),
    block_number       bigint        NOT NULL CHECK (block_number >= 0),
    block_hash         text          NOT NULL,
    token_contract     text          NOT NULL,
    currency           text          NOT NULL,
    amount             numeric(78,0) NOT NULL CHECK (amount > 0),
    from_address       text          NOT NULL,
    to_address         text          NOT NULL,
    merchant_id        text          NOT NULL,
    address_id         uuid          NOT NULL REFERENCES deposit_address (address_id),
    status             text          NOT NULL
        CHECK (status IN ('DETECTED', 'BELOW_MINIMUM', 'CONFIRMED', 'CREDITED', 'ORPHANED')),
    source             text          NOT NULL CHECK (source IN ('SCANNER', 'WEBHOOK')),
    detected_at        timestamptz   NOT NULL DEFAULT now(),
    confirmed_at       timestamptz,
    credited_at        timestamptz,
    orphaned_at        timestamptz,
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT deposit_chain_fact_unique UNIQUE (chain, tx_hash, log_index)
);
CREATE INDEX deposit_open_by_block ON deposit (chain, block_number) WHERE status = 'DETECTED';
CREATE INDEX deposit_merchant_seq ON deposit (merchant_id, seq);

-- Durable scan position per chain: the last block whose deposits are recorded.
CREATE TABLE scan_cursor (
    chain        text        PRIMARY KEY,
    block_number bigint      NOT NULL CHECK (block_number >= 0),
    block_hash   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Recently scanned blocks (a bounded window per chain) to find the common ancestor after a reorg.
CREATE TABLE scanned_block (
    chain        text        NOT NULL,
    block_number bigint      NOT NULL,
    block_hash   text        NOT NULL,
    parent_hash  text        NOT NULL,
    block_time   timestamptz NOT NULL,
    scanned_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain, block_number)
);

-- Provider webhook bodies, stored verbatim (after the signature check) before anything is derived from them.
CREATE TABLE raw_provider_event (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider          text        NOT NULL,
    provider_event_id text        NOT NULL,
    body              text        NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    processed_at      timestamptz,
    attempts          integer     NOT NULL DEFAULT 0,
    last_error        text,
    CONSTRAINT raw_provider_event_unique UNIQUE (provider, provider_event_id)
);
CREATE INDEX raw_provider_event_pending ON raw_provider_event (id) WHERE processed_at IS NULL;
