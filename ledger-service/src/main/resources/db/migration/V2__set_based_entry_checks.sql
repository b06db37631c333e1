-- The database checks of postings, made set-based: a fixed number of queries per INSERT statement, none of which
-- grows with the size of the books. Measured on a durable PostgreSQL 17 with a 500-entry / 1,000-posting batch
-- (EXPLAIN ANALYZE, 380k postings already written):
--   * V1's balance check joined the statement's transition table to all postings with a plan that scanned the whole
--     posting table: 42 ms per statement, growing with the books;
--   * the two foreign keys of posting ran one query per posting row each (13 ms + 28 ms, the account one taking a
--     FOR KEY SHARE lock on the same 101 account rows a thousand times);
--   * "an entry has postings" ran one deferred trigger call and one query per entry at commit (4 ms).
--
-- The rules stay the same and stay in the database:
--   1. every posting belongs to an existing journal entry and to an existing account of the posting's currency;
--   2. every entry has at least two postings, summing to zero per currency;
--   3. the books are append-only (V1's triggers), and accounts can be neither deleted nor re-keyed (new here: it
--      replaces what the foreign keys' locks protected).
-- Rule 2 is checked on each INSERT statement's own postings: when every statement's postings of an entry number two
-- or more and sum to zero per currency, so do all of that entry's postings, whatever statements wrote them (sums add
-- up; nothing is ever deleted). An entry with no postings at all is caught on the journal_entry side, which therefore
-- needs an entry and its postings to be written by one statement (a data-modifying WITH, as the service does).

ALTER TABLE posting DROP CONSTRAINT posting_entry_id_fkey;
ALTER TABLE posting DROP CONSTRAINT posting_account_id_currency_fkey;

CREATE OR REPLACE FUNCTION check_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    problem     TEXT;
    entry_ids   BIGINT[];
    account_ids BIGINT[];
    pairs       INTEGER;
BEGIN
    SELECT string_agg(reason, '; ') INTO problem FROM (
        SELECT format('journal entry %s does not balance: %s %s', entry_id, currency, sum(amount)) AS reason
          FROM new_postings GROUP BY entry_id, currency HAVING sum(amount) <> 0
        UNION ALL
        SELECT format('journal entry %s has %s posting(s); at least 2 are required', entry_id, count(*))
          FROM new_postings GROUP BY entry_id HAVING count(*) < 2) AS problems;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
    END IF;

    -- references: one index scan with all keys (= ANY), never a scan of the whole journal or account table
    SELECT array_agg(DISTINCT entry_id), array_agg(DISTINCT account_id), count(DISTINCT (account_id, currency))
      INTO entry_ids, account_ids, pairs FROM new_postings;
    IF (SELECT count(*) FROM journal_entry WHERE id = ANY (entry_ids)) <> cardinality(entry_ids) THEN
        SELECT string_agg(e::text, ', ') INTO problem FROM unnest(entry_ids) AS e
         WHERE NOT EXISTS (SELECT 1 FROM journal_entry WHERE id = e);
        RAISE EXCEPTION 'postings refer to no journal entry with id %', problem USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF (SELECT count(*) FROM (SELECT id, currency FROM account WHERE id = ANY (account_ids)) AS a
          JOIN (SELECT DISTINCT account_id, currency FROM new_postings) AS n
            ON n.account_id = a.id AND n.currency = a.currency) <> pairs THEN
        SELECT string_agg(format('%s (%s)', n.account_id, n.currency), ', ') INTO problem
          FROM (SELECT DISTINCT account_id, currency FROM new_postings) AS n
         WHERE NOT EXISTS (SELECT 1 FROM account WHERE id = n.account_id AND currency = n.currency);
        RAISE EXCEPTION 'postings refer to no account of their currency (foreign key): %', problem
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER journal_entry_has_postings ON journal_entry;
DROP FUNCTION check_entry_has_postings();

CREATE FUNCTION check_entries_have_postings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    problem   TEXT;
    entry_ids BIGINT[];
BEGIN
    SELECT array_agg(id) INTO entry_ids FROM new_entries;
    IF (SELECT count(DISTINCT entry_id) FROM posting WHERE entry_id = ANY (entry_ids)) <> cardinality(entry_ids) THEN
        SELECT string_agg(e::text, ', ') INTO problem FROM unnest(entry_ids) AS e
         WHERE NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = e);
        RAISE EXCEPTION 'journal entries % have no postings (an entry and its postings are written by one statement)',
            problem USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entry_has_postings
    AFTER INSERT ON journal_entry REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_entries_have_postings();

-- Accounts are referenced by postings: never deleted, and their id and currency never change.
CREATE FUNCTION guard_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.currency = OLD.currency THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'accounts are referenced by the books: % of account % is not allowed', TG_OP,
        coalesce(OLD.code, '?') USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER account_guarded BEFORE UPDATE OR DELETE ON account FOR EACH ROW EXECUTE FUNCTION guard_account();
CREATE TRIGGER account_no_truncate BEFORE TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_books();
