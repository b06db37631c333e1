-- A deposit's life-cycle updates (DETECTED → CONFIRMED → CREDITED, or → ORPHANED) change only status and timestamps.
-- They could not be HOT updates (heap-only tuples: the new row version on the same page, no new index entries) while
-- `status` sat in the predicate of deposit_open_by_block: PostgreSQL counts a partial index's predicate columns as
-- indexed, so each of the two updates every deposit goes through added an entry to all four other indexes of the
-- table — the primary key among them, a name-based UUID in no useful order. The reorg queries that index served
-- (DETECTED deposits of one chain above or at given heights) read the few most recent blocks, so an index on
-- (chain, block_number) over all statuses serves them as well, and no index now refers to a column those updates
-- change.
--
-- The fill factor leaves room on each page for the new versions: the scanner inserts a block's deposits together and
-- the confirmation consumer updates them together, in one transaction, so a page needs space for a second version of
-- every row on it (the old versions cannot be pruned until that transaction ends). Pages are pruned of dead versions
-- when they are next read, which makes room for the CREDITED update. The fill factor applies to pages written from
-- now on; the index is built with a write lock on the table, brief for the deposit counts this release expects.
DROP INDEX deposit_open_by_block;
CREATE INDEX deposit_by_block ON deposit (chain, block_number);
ALTER TABLE deposit SET (fillfactor = 45);
