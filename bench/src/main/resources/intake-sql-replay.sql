-- The SQL of one withdrawal intake through the merchant API, replayed by pgbench with no Java in the way: what
-- gateway-api, withdrawal-service and ledger-service send PostgreSQL for one POST /v1/withdrawals (statements taken
-- from pg_stat_statements during WithdrawalIntakeBench, in their order and transactions). Placeholders in braces are
-- filled per merchant by IntakeSqlReplay; one pgbench transaction = one intake. pgbench runs it with prepared
-- statements and search_path=ledger (the ledger's trigger functions name their tables unqualified). A colon followed
-- by a letter or digit inside a literal would be taken for a pgbench variable, hence the ':' pieces.
-- Left out, so this is a lower bound of the database's work per intake: what the intake sets off afterwards (outbox
-- relays marking rows published, gateway-api's webhook consumer) and Hikari's/JDBC's own round trips (BEGIN READ ONLY,
-- set_config). Ids are time-ordered like the services' UUIDv7 (replay_uuid7); the hold id is name-based (md5) as the
-- service's.
\set r random(1, 1000000000000000)
-- gateway-api: the API key and its merchant (two autocommit reads)
SELECT id, merchant_id, prefix, scopes, description, created_at, expires_at, revoked_at, secret_sha256 FROM gateway.api_key WHERE prefix = '{PREFIX}';
SELECT id, name, status, created_at, account_index FROM gateway.merchant WHERE id = '{MERCHANT}';
-- gateway-api: the request's idempotency record begins (one commit)
INSERT INTO gateway.idempotency_record (merchant_id, idempotency_key, request_fingerprint, state, locked_until) VALUES ('{MERCHANT}', 'replay-' || :client_id || '-' || :r, md5(:r::text) || md5(:client_id::text), 'IN_FLIGHT', now() + make_interval(secs => 30)) ON CONFLICT DO NOTHING;
-- withdrawal-service: the intent under the merchant's lock (one commit; the insert's trigger adds to the day's total)
BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('withdrawal-merchant:' || '{MERCHANT}', 0));
SELECT id, merchant_id, idempotency_key, request_fingerprint, chain, asset, token_contract, to_address, amount_minor, amount_base, reference, hold_id, hot_wallet, status, approvals_required, requested_by, failure_code, failure_detail, reuse_nonce, not_before, created_at, updated_at, fee_charged_minor FROM withdrawal.withdrawal WHERE merchant_id = '{MERCHANT}' AND idempotency_key = 'replay-' || :client_id || '-' || :r;
SELECT amount_minor FROM withdrawal.withdrawal_daily_total WHERE merchant_id = '{MERCHANT}' AND asset = 'USDT' AND day = (now() AT TIME ZONE 'UTC')::date;
INSERT INTO withdrawal.address_book_entry (merchant_id, chain, address, added_at, usable_from) VALUES ('{MERCHANT}', 'ethereum', '{DESTINATION}', now(), now()) ON CONFLICT DO NOTHING;
SELECT usable_from FROM withdrawal.address_book_entry WHERE merchant_id = '{MERCHANT}' AND chain = 'ethereum' AND address = '{DESTINATION}';
INSERT INTO withdrawal.withdrawal (id, merchant_id, idempotency_key, request_fingerprint, chain, asset, token_contract, to_address, amount_minor, amount_base, reference, hold_id, hot_wallet, status, approvals_required, requested_by, not_before, created_at, updated_at, fee_charged_minor) SELECT w.id, '{MERCHANT}', 'replay-' || :client_id || '-' || :r, md5(:r::text) || md5(:client_id::text), 'ethereum', 'USDT', '{TOKEN}', '{DESTINATION}', 10000, 10000, 'replay-' || :r, md5('hold:' || w.id)::uuid, '{HOT_WALLET}', 'REQUESTED', 0, 'merchant' || ':' || '{MERCHANT}', now(), now(), now(), 0 FROM (SELECT public.replay_uuid7() AS id) AS w ON CONFLICT (merchant_id, idempotency_key) DO NOTHING RETURNING id AS wid, hold_id AS hid
\gset
END;
-- ledger-service: the hold is reserved (two reads, then one commit: locks, entry and postings with the database's
-- checks, balances, hold, outbox event)
SELECT id, merchant_id, currency, amount, status, posted_amount, expires_at, reference, created_at, resolved_at, request_hash, resolve_hash FROM ledger.hold WHERE id = :hid::uuid;
BEGIN;
SELECT id, merchant_id, currency, amount, status, posted_amount, expires_at, reference, created_at, resolved_at, request_hash, resolve_hash FROM ledger.hold WHERE id = :hid::uuid FOR UPDATE;
SELECT account_id, balance FROM ledger.account_balance WHERE account_id = ANY ('{{AVAILABLE},{HELD}}'::bigint[]) ORDER BY account_id FOR UPDATE;
WITH e AS (INSERT INTO ledger.journal_entry (entry_id, idempotency_key, request_hash, entry_type, occurred_at, reference, metadata) SELECT public.replay_uuid7(), 'hold:' || :hid || ':' || 'reserve', md5(:hid) || md5(:wid), 'HOLD_RESERVE', now(), 'withdrawal:' || :wid, jsonb_build_object('hold_id', :hid::text) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key, id, entry_id), p AS (INSERT INTO ledger.posting (entry_id, account_id, currency, amount) SELECT e.id, l.a, 'USDT', l.x FROM e CROSS JOIN (VALUES ({AVAILABLE}::bigint, -10000::numeric, 1), ({HELD}, 10000, 2)) AS l(a, x, n) ORDER BY l.n) SELECT entry_id AS eid FROM e
\gset
UPDATE ledger.account_balance b SET balance = b.balance + d.delta, updated_at = now() FROM unnest('{{AVAILABLE},{HELD}}'::bigint[], '{-10000,10000}'::numeric[]) AS d(account_id, delta) WHERE b.account_id = d.account_id;
INSERT INTO ledger.hold (id, request_hash, merchant_id, currency, amount, status, reference, expires_at, reserve_entry_id) VALUES (:hid::uuid, md5(:wid) || md5(:hid), '{MERCHANT}', 'USDT', 10000, 'PENDING', 'withdrawal:' || :wid, NULL, :eid::uuid) ON CONFLICT (id) DO NOTHING;
INSERT INTO ledger.outbox_event (event_id, topic, message_key, event_type, payload) SELECT x.id, 'stablerail.ledger.v1', :eid, 'entry.posted', '{"event_id":"' || x.id || '","type":"entry.posted","version": 1,"occurred_at":"' || now() || '","aggregate_id":"' || :eid || '","payload":{"entry_id":"' || :eid || '","idempotency_key":"hold:' || :hid || '' || ':' || 'reserve","entry_type":"HOLD_RESERVE","occurred_at":"' || now() || '","reference":"withdrawal:' || :wid || '","postings":[{"account":"merchant' || ':' || '{MERCHANT}' || ':' || 'MERCHANT_AVAILABLE' || ':' || 'USDT","currency":"USDT","amount":"-10000"},{"account":"merchant' || ':' || '{MERCHANT}' || ':' || 'MERCHANT_HELD' || ':' || 'USDT","currency":"USDT","amount":"10000"}]}}' FROM (SELECT public.replay_uuid7() AS id) AS x;
END;
SELECT id, merchant_id, currency, amount, status, posted_amount, expires_at, reference, created_at, resolved_at, request_hash, resolve_hash FROM ledger.hold WHERE id = :hid::uuid;
-- withdrawal-service: reserved, approved by policy, announced (one commit), then read back for the answer
BEGIN;
UPDATE withdrawal.withdrawal SET status = 'APPROVED', failure_code = coalesce(NULL, failure_code), failure_detail = coalesce(NULL, failure_detail), hold_release_pending = hold_release_pending OR false, updated_at = now() WHERE id = :wid::uuid AND status = ANY ('{REQUESTED}'::text[]);
INSERT INTO withdrawal.outbox_event (event_id, topic, message_key, event_type, payload) SELECT x.id, 'stablerail.withdrawals.v1', :wid, 'withdrawal.requested', '{"event_id":"' || x.id || '","type":"withdrawal.requested","version": 1,"occurred_at":"' || now() || '","aggregate_id":"' || :wid || '","payload":{"withdrawal_id":"' || :wid || '","merchant_id":"{MERCHANT}","hold_id":"' || :hid || '","chain":"ethereum","currency":"USDT","amount":"10000","to_address":"{DESTINATION}","reference":"replay-' || :r || '","status":"APPROVED"}}' FROM (SELECT public.replay_uuid7() AS id) AS x;
END;
SELECT id, merchant_id, idempotency_key, request_fingerprint, chain, asset, token_contract, to_address, amount_minor, amount_base, reference, hold_id, hot_wallet, status, approvals_required, requested_by, failure_code, failure_detail, reuse_nonce, not_before, created_at, updated_at, fee_charged_minor FROM withdrawal.withdrawal WHERE id = :wid::uuid;
-- gateway-api: the idempotency record completes with the answer (one commit)
UPDATE gateway.idempotency_record SET state = 'COMPLETED', response_status = 201, response_content_type = 'application/json', response_location = NULL, response_body = convert_to('{"id":"' || :wid || '","merchant_id":"{MERCHANT}","status":"APPROVED","chain":"ethereum","asset":"USDT","to_address":"{DESTINATION}","amount":"0.010000","amount_minor":"10000","network_fee":"0.000000","network_fee_minor":"0","tx_hash": null,"reference":"replay-' || :r || '","hold_id":"' || :hid || '","approvals_required": 0,"failure_code": null,"not_before":"' || now() || '","created_at":"' || now() || '","updated_at":"' || now() || '"}', 'UTF8'), completed_at = now() WHERE merchant_id = '{MERCHANT}' AND idempotency_key = 'replay-' || :client_id || '-' || :r;
