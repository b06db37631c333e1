-- The cleanup deleted published rows in published_at order through outbox_event_published, an index every mark
-- (UPDATE ... SET published_at) had to add an entry to: one of the three entries each mark writes, for a statement that
-- runs once a minute. The cleanup now walks the table in id order (the primary key) and deletes the rows of each window
-- that were published longer than the retention ago (OutboxStore.cleanupWindow), so the index goes.
DROP INDEX outbox_event_published;
