-- An account xpub belongs to one merchant: two merchants with the same key would share deposit addresses, and a
-- deposit to one of them could be credited to the other. The hand-over derives each merchant's keys at its own
-- account index, so this can only be broken by hand (the ops PUT); the database refuses it either way.
ALTER TABLE merchant_xpub ADD CONSTRAINT merchant_xpub_one_merchant UNIQUE (xpub);
