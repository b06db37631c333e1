-- Each merchant's BIP-32 account index: the hardened account of its deposit keys (m/44'/195'/{index}',
-- m/44'/60'/{index}'), derived by the key side from merchant.onboarded. Allocated from a sequence (a value is never
-- handed out twice, even when the creating transaction rolls back), unique, below 2^31 (a hardened index), and never
-- changed once set: an address handed out from an account must stay attributable to its merchant.
-- Index 0 is not used for merchants (the sequence starts at 1).
CREATE SEQUENCE merchant_account_index AS integer START WITH 1 MINVALUE 1 MAXVALUE 2147483647 NO CYCLE;

ALTER TABLE merchant ADD COLUMN account_index integer;

-- merchants created before this migration get indexes in creation order; their deposit keys are handed over by ops
-- through deposit-service's internal PUT (they were created before merchant.onboarded existed)
UPDATE merchant m SET account_index = n.account_index
FROM (SELECT id, nextval('merchant_account_index') AS account_index
      FROM (SELECT id FROM merchant ORDER BY created_at, id) ordered) n
WHERE m.id = n.id;

ALTER TABLE merchant
    ALTER COLUMN account_index SET NOT NULL,
    ALTER COLUMN account_index SET DEFAULT nextval('merchant_account_index'),
    ADD CONSTRAINT merchant_account_index_range CHECK (account_index BETWEEN 1 AND 2147483647),
    ADD CONSTRAINT merchant_account_index_unique UNIQUE (account_index);
ALTER SEQUENCE merchant_account_index OWNED BY merchant.account_index;

CREATE FUNCTION merchant_account_index_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.account_index IS DISTINCT FROM OLD.account_index THEN
        RAISE EXCEPTION 'merchant % account_index is never changed (% -> %)', OLD.id, OLD.account_index,
            NEW.account_index;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER merchant_account_index_immutable BEFORE UPDATE OF account_index ON merchant
    FOR EACH ROW EXECUTE FUNCTION merchant_account_index_immutable();
