-- No statement reads tracked transactions by hash: the checker reads due rows (tracked_transaction_due_idx), the intake
-- deduplicates on (purpose, reference), every update goes by id. The hash index only cost an entry at a random place
-- of its tree for every tracked transaction, and another for each of the row's updates that cannot be HOT (a status
-- change: status is in the due index's predicate) — two of the worker's index writes per deposit.
DROP INDEX tracked_transaction_tx_hash_idx;
