-- A hot wallet's zero-value self-send (an ops cancel or a nonce gap filler, EVM) is tracked for what it is: no token
-- contract, amount 0, from = to = the wallet, a nonce. Every other row keeps its token contract and positive amount.
ALTER TABLE tracked_transaction DROP CONSTRAINT tracked_transaction_purpose_check;
ALTER TABLE tracked_transaction ADD CONSTRAINT tracked_transaction_purpose_check
    CHECK (purpose IN ('DEPOSIT', 'WITHDRAWAL', 'SELF_SEND'));
ALTER TABLE tracked_transaction ALTER COLUMN token_contract DROP NOT NULL;
ALTER TABLE tracked_transaction DROP CONSTRAINT tracked_transaction_amount_check;
ALTER TABLE tracked_transaction ADD CONSTRAINT tracked_transaction_transfer_or_self_send CHECK (
    CASE WHEN purpose = 'SELF_SEND'
         THEN token_contract IS NULL AND amount = 0 AND lower(from_address) = lower(to_address) AND nonce IS NOT NULL
         ELSE token_contract IS NOT NULL AND amount > 0
    END);
ALTER TABLE tracked_transaction DROP CONSTRAINT tracked_transaction_withdrawal_has_sender;
ALTER TABLE tracked_transaction ADD CONSTRAINT tracked_transaction_withdrawal_has_sender
    CHECK (purpose = 'DEPOSIT' OR from_address IS NOT NULL);
