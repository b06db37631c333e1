-- The relay holds a row back while an earlier pending row of the same key and topic waits for its retry. Only a row
-- whose publication failed waits (markFailed sets attempts > 0 and next_attempt_at in the future; a new row's
-- next_attempt_at is its insert time), so the index behind that check needs to hold failed rows only: a new event
-- no longer inserts into it (its key, an aggregate id, lands on a random leaf page of the old index).
DROP INDEX outbox_event_pending_by_key;
CREATE INDEX outbox_event_retrying_by_key ON outbox_event (message_key, id) WHERE published_at IS NULL AND attempts > 0;
