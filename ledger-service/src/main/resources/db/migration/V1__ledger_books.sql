-- Ledger books: double-entry, integer minor units, append-only (DESIGN §4, rules 3 and 8).
-- Sign convention of a posting amount: positive = credit, negative = debit. An entry's postings sum to zero per
-- currency. A balance is kept on the account's normal side: credit-normal accounts (merchant liabilities, revenue)
-- hold sum(amount); debit-normal accounts (platform assets, expenses) hold -sum(amount).

CREATE TABLE account (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           TEXT        NOT NULL UNIQUE CHECK (length(code) BETWEEN 3 AND 400),
    owner_type     TEXT        NOT NULL CHECK (owner_type IN ('MERCHANT', 'PLATFORM')),
    owner_id       TEXT,
    kind           TEXT        NOT NULL CHECK (kind IN ('MERCHANT_AVAILABLE', 'MERCHANT_HELD', 'MERCHANT_ESCROW',
                                   'HOT_WALLET', 'COLD_WALLET', 'DEPOSIT_WALLET', 'NETWORK_FEE_EXPENSE',
                                   'FEE_REVENUE', 'CONVERSION', 'SUSPENSE')),
    currency       TEXT        NOT NULL CHECK (currency IN ('USDT', 'USDC', 'TRX', 'ETH', 'POL')),
    chain          TEXT,
    token          TEXT,
    wallet         TEXT,
    normal_side    TEXT        NOT NULL CHECK (normal_side IN ('DEBIT', 'CREDIT')),
    may_go_negative BOOLEAN    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (id, currency),
    CHECK ((owner_type = 'MERCHANT') = (owner_id IS NOT NULL)),
    CHECK (owner_type = 'MERCHANT' OR kind NOT LIKE 'MERCHANT_%'),
    -- platform asset accounts are per chain, token and wallet, ready to compare with on-chain balances
    CHECK (kind NOT IN ('HOT_WALLET', 'COLD_WALLET', 'DEPOSIT_WALLET')
           OR (chain IS NOT NULL AND token IS NOT NULL AND wallet IS NOT NULL))
);

-- One balance row per account, changed only in the transaction that inserts its postings.
CREATE TABLE account_balance (
    account_id      BIGINT        PRIMARY KEY REFERENCES account (id),
    balance         NUMERIC(78,0) NOT NULL DEFAULT 0,
    may_go_negative BOOLEAN       NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT balance_not_negative CHECK (may_go_negative OR balance >= 0)
);

CREATE TABLE journal_entry (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id        UUID        NOT NULL UNIQUE,
    idempotency_key TEXT        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash    TEXT        NOT NULL,
    entry_type      TEXT        NOT NULL CHECK (length(entry_type) BETWEEN 1 AND 64),
    occurred_at     TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    reference       TEXT,
    metadata        JSONB       NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE posting (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id    BIGINT        NOT NULL REFERENCES journal_entry (id),
    account_id  BIGINT        NOT NULL,
    currency    TEXT          NOT NULL,
    amount      NUMERIC(78,0) NOT NULL CHECK (amount <> 0),
    recorded_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- a posting's currency is its account's currency
    FOREIGN KEY (account_id, currency) REFERENCES account (id, currency)
);
CREATE INDEX posting_by_entry ON posting (entry_id);
CREATE INDEX posting_by_account ON posting (account_id, id);

-- Every entry has at least two postings and they sum to zero per currency. Checked once per INSERT statement over
-- all entries it touched (transition table), so an entry's postings must be inserted by one statement; an entry that
-- a later statement extends must still balance.
CREATE FUNCTION check_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    problem TEXT;
BEGIN
    SELECT string_agg(format('journal entry %s %s', entry_id, reason), '; ') INTO problem FROM (
        SELECT p.entry_id, format('does not balance: %s %s', p.currency, sum(p.amount)) AS reason
          FROM posting p WHERE p.entry_id IN (SELECT DISTINCT entry_id FROM new_postings)
         GROUP BY p.entry_id, p.currency HAVING sum(p.amount) <> 0
        UNION ALL
        SELECT p.entry_id, format('has %s posting(s); at least 2 are required', count(*))
          FROM posting p WHERE p.entry_id IN (SELECT DISTINCT entry_id FROM new_postings)
         GROUP BY p.entry_id HAVING count(*) < 2) AS problems;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER posting_entries_balanced
    AFTER INSERT ON posting REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION check_entries_balanced();

-- An entry without postings is caught too: checked at commit for every new entry.
CREATE FUNCTION check_entry_has_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id) THEN
        RAISE EXCEPTION 'journal entry % has no postings', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entry_has_postings
    AFTER INSERT ON journal_entry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_entry_has_postings();

-- Append-only books: journal entries and postings are never updated or deleted (corrections are reversing entries).
CREATE FUNCTION reject_change_of_books() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the books are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION reject_change_of_books();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_books();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
    FOR EACH ROW EXECUTE FUNCTION reject_change_of_books();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_books();

-- Two-phase holds (TigerBeetle's pending transfers): reserve -> post (full or partial) | void | expire, at most once.
CREATE TABLE hold (
    id                UUID          PRIMARY KEY,
    request_hash      TEXT          NOT NULL,
    merchant_id       TEXT          NOT NULL,
    currency          TEXT          NOT NULL CHECK (currency IN ('USDT', 'USDC')),
    amount            NUMERIC(78,0) NOT NULL CHECK (amount > 0),
    status            TEXT          NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'VOIDED', 'EXPIRED')),
    reference         TEXT,
    expires_at        TIMESTAMPTZ,
    reserve_entry_id  UUID          NOT NULL REFERENCES journal_entry (entry_id),
    resolve_entry_id  UUID          REFERENCES journal_entry (entry_id),
    resolve_hash      TEXT,
    posted_amount     NUMERIC(78,0) CHECK (posted_amount > 0 AND posted_amount <= amount),
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    resolved_at       TIMESTAMPTZ,
    CHECK ((status = 'PENDING') = (resolve_entry_id IS NULL)),
    CHECK ((status = 'POSTED') = (posted_amount IS NOT NULL))
);
CREATE INDEX hold_pending_expiry ON hold (expires_at) WHERE status = 'PENDING' AND expires_at IS NOT NULL;

-- A hold is resolved at most once: once it leaves PENDING its row no longer changes.
CREATE FUNCTION guard_hold_resolution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'PENDING' THEN
        RAISE EXCEPTION 'hold % is already %', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.id <> OLD.id OR NEW.amount <> OLD.amount OR NEW.currency <> OLD.currency
       OR NEW.merchant_id <> OLD.merchant_id OR NEW.reserve_entry_id <> OLD.reserve_entry_id THEN
        RAISE EXCEPTION 'hold % may only change its resolution', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER hold_resolved_once BEFORE UPDATE ON hold FOR EACH ROW EXECUTE FUNCTION guard_hold_resolution();
CREATE TRIGGER hold_no_delete BEFORE DELETE ON hold FOR EACH ROW EXECUTE FUNCTION reject_change_of_books();
