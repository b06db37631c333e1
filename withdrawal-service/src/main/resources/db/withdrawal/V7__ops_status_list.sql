-- Ops find the withdrawals that need them by status (PENDING_APPROVAL, AWAITING_LIQUIDITY, STUCK …), oldest first:
-- GET /ops/withdrawals?status=.
CREATE INDEX withdrawal_status_list ON withdrawal (status, created_at, id);
