-- EVM stuck-transaction replacement (DESIGN §3, rule 5): a replacement attempt has the SAME nonce as the attempt it
-- replaces, so at most one of them can ever be mined. The replaced attempt stays tracked (REPLACED: it may still be
-- mined); a withdrawal whose replacement would pass the fee cap waits for ops as STUCK.

ALTER TABLE withdrawal DROP CONSTRAINT withdrawal_status_check;
ALTER TABLE withdrawal ADD CONSTRAINT withdrawal_status_check CHECK (status IN ('REQUESTED', 'REJECTED',
    'PENDING_APPROVAL', 'APPROVED', 'AWAITING_LIQUIDITY', 'CANCELLED', 'SIGNED', 'BROADCAST', 'STUCK', 'CONFIRMED',
    'FAILED'));

ALTER TABLE tx_attempt DROP CONSTRAINT tx_attempt_status_check;
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_status_check CHECK (status IN ('SIGNED', 'BROADCAST', 'REPLACED',
    'DEAD', 'CONFIRMED', 'FAILED'));

-- TRANSFER: the withdrawal's token transfer. CANCEL: a zero-value self-send an operator asked for, taking the nonce
-- so that the transfer can never be mined.
ALTER TABLE tx_attempt ADD COLUMN kind TEXT NOT NULL DEFAULT 'TRANSFER' CHECK (kind IN ('TRANSFER', 'CANCEL'));
-- the attempt this one replaces (same withdrawal, chain, wallet and nonce; checked by the trigger below)
ALTER TABLE tx_attempt ADD COLUMN replaces UUID REFERENCES tx_attempt (id);
-- confirmation-worker reported the attempt stuck: the sender replaces it on its next run (cleared when done)
ALTER TABLE tx_attempt ADD COLUMN replace_wanted_at TIMESTAMPTZ;
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_cancel_replaces CHECK (kind = 'TRANSFER' OR replaces IS NOT NULL);
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_replaces_evm CHECK (replaces IS NULL OR nonce IS NOT NULL);

-- Live attempts of a wallet never share a nonce; a DEAD one may be rebuilt and a REPLACED one replaced at it.
DROP INDEX tx_attempt_live_nonce;
CREATE UNIQUE INDEX tx_attempt_live_nonce ON tx_attempt (chain, wallet, nonce)
    WHERE nonce IS NOT NULL AND status NOT IN ('DEAD', 'REPLACED');
-- An attempt is replaced by at most one attempt that is not dead (a refused replacement is DEAD).
CREATE UNIQUE INDEX tx_attempt_replaced_once ON tx_attempt (replaces) WHERE replaces IS NOT NULL AND status <> 'DEAD';
CREATE INDEX tx_attempt_replace_wanted ON tx_attempt (chain, wallet) WHERE replace_wanted_at IS NOT NULL;

-- One intent, one payout (DESIGN rule 2): a replacement takes the very nonce of the attempt it replaces, which must
-- already be REPLACED (so the one-live-attempt index still holds), of the same withdrawal, chain and wallet.
CREATE FUNCTION tx_attempt_replacement_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    replaced tx_attempt%ROWTYPE;
BEGIN
    SELECT * INTO replaced FROM tx_attempt WHERE id = NEW.replaces;
    IF replaced.id IS NULL OR replaced.withdrawal_id <> NEW.withdrawal_id OR replaced.chain <> NEW.chain
            OR replaced.wallet <> NEW.wallet OR replaced.nonce IS DISTINCT FROM NEW.nonce
            OR replaced.status <> 'REPLACED' THEN
        RAISE EXCEPTION 'attempt % may replace only a REPLACED attempt of the same withdrawal, wallet and nonce',
            NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER tx_attempt_replacement_check BEFORE INSERT ON tx_attempt
    FOR EACH ROW WHEN (NEW.replaces IS NOT NULL) EXECUTE FUNCTION tx_attempt_replacement_check();
