-- confirmation-worker's transaction.dropped (DESIGN rule 5). A report is a reason to LOOK, never a proof by itself:
-- the sender (under the wallet lock) asks the chain port whether EVERY attempt of the withdrawal that may still be
-- mined is provably dead, and builds a new attempt only then. Until then it looks again with backoff.

-- when the first dropped report for this attempt arrived (kept for ops; later reports change nothing)
ALTER TABLE tx_attempt ADD COLUMN drop_reported_at TIMESTAMPTZ;
-- the next time the sender checks proof of death for the withdrawal of this reported attempt (NULL: no check wanted)
ALTER TABLE tx_attempt ADD COLUMN death_check_at TIMESTAMPTZ;
-- checks made that could not prove every attempt dead (drives the backoff)
ALTER TABLE tx_attempt ADD COLUMN death_checks INTEGER NOT NULL DEFAULT 0 CHECK (death_checks >= 0);
ALTER TABLE tx_attempt ADD CONSTRAINT tx_attempt_death_check_reported
    CHECK (death_check_at IS NULL OR drop_reported_at IS NOT NULL);
CREATE INDEX tx_attempt_death_check ON tx_attempt (chain, wallet, death_check_at) WHERE death_check_at IS NOT NULL;
