-- The inbox's time index is only read by InboxPruner (rows processed before the retention, oldest first). As a
-- btree it took an entry for every event every consumer applied, two per claim between the scheduler and dedup;
-- rows are appended in the order of processed_at, so a BRIN index, which keeps one summary per range of pages and
-- writes nothing for a row that lands in the range still open, finds the same old rows.
drop index if exists inbox_processed_at;
create index inbox_processed_at on inbox using brin (processed_at);
