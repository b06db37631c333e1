-- Nonce gaps filled (issue #6): a nonce of an EVM hot wallet below our next one that no stored attempt holds blocks
-- every later transaction of the wallet. When no withdrawal owns it (a rebuild waiting to reuse it), the background
-- job fills it with a zero-value self-send from the hot wallet. That self-send is stored like an attempt — signed
-- before sent, one commit, then broadcast — in tx_attempt itself, so the database's own unique index on a wallet's
-- live nonces keeps it and any withdrawal attempt from ever sharing a nonce. It belongs to no withdrawal.

ALTER TABLE tx_attempt ALTER COLUMN withdrawal_id DROP NOT NULL;
ALTER TABLE tx_attempt DROP CONSTRAINT tx_attempt_kind_check;
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_kind_check CHECK (kind IN ('TRANSFER', 'CANCEL', 'NONCE_FILL'));
-- a CANCEL always replaces something (V2); a filler never does
ALTER TABLE tx_attempt DROP CONSTRAINT tx_attempt_cancel_replaces;
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_cancel_replaces CHECK (kind <> 'CANCEL' OR replaces IS NOT NULL);
-- a filler and only a filler has no withdrawal; it always has a nonce and replaces nothing
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_filler_shape CHECK (
    (kind = 'NONCE_FILL') = (withdrawal_id IS NULL)
    AND (kind <> 'NONCE_FILL' OR (nonce IS NOT NULL AND replaces IS NULL AND attempt_no = 1)));
-- the fee the mined self-send paid (wei), recorded when its outcome arrives
ALTER TABLE tx_attempt ADD COLUMN fee_paid NUMERIC(78) CHECK (fee_paid >= 0);
CREATE INDEX tx_attempt_filler_unsent ON tx_attempt (chain, wallet, next_send_at)
    WHERE kind = 'NONCE_FILL' AND status = 'SIGNED';
