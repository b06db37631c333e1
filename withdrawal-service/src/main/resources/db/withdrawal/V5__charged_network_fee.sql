-- Network-fee mode CHARGED: the fee the merchant pays for a withdrawal, fixed at intake from the chain's configured
-- charge (minor units of the withdrawal's currency) and reserved in the ledger hold together with the amount (the hold
-- reserves amount_minor + fee_charged_minor); 0 when the platform absorbs the fee. It never changes afterwards, so a
-- retried reservation reserves the same amount under the same hold id.
ALTER TABLE withdrawal ADD COLUMN fee_charged_minor NUMERIC(78) NOT NULL DEFAULT 0 CHECK (fee_charged_minor >= 0);
