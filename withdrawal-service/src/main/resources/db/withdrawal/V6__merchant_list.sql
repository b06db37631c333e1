-- A merchant's withdrawals, oldest first, by keyset (created_at, id): GET /merchants/{id}/withdrawals.
CREATE INDEX withdrawal_merchant_list ON withdrawal (merchant_id, created_at, id);
