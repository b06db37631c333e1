-- The relay's fetch held a row back with NOT EXISTS (an earlier failed row of its key and topic whose retry is not
-- due). Under a backlog that arrives after a quiet period — table statistics taken while nothing was pending — the
-- planner estimated one pending row and ran that check as a full scan of the pending-rows index for every candidate
-- row: 2.8 s per 500-row fetch with 12,000 rows pending behind 150,000 published ones (PostgreSQL 15 and 17), quadratic
-- in the backlog. The relay now first asks whether any failed row is waiting at all, through this index, whose key makes
-- "next_attempt_at > now()" an index condition the planner prefers whatever the statistics say; the columns the
-- held-back check needs are included so it can be answered from the index alone.
DROP INDEX outbox_event_retrying_by_key;
CREATE INDEX outbox_event_retrying ON outbox_event (next_attempt_at) INCLUDE (topic, message_key, id)
    WHERE published_at IS NULL AND attempts > 0;
