-- The sweep looks for due rows by due_at. A row it fired keeps its due_at until the pool's answer clears it, so
-- with the index over every row that has a due time, each batch of a burst walked past every row the batches before
-- it had fired (100,000 due at one instant: 200 batches, on average 50,000 fired rows read again each, 100 ms a
-- batch). The due index now holds only rows never fired; rows waiting for an answer have their own small index,
-- by when they fired, for the refire.
drop index deadline_due;
create index deadline_due on deadline (due_at) where due_at is not null and fired_at is null;
create index deadline_refire on deadline (fired_at) where due_at is not null and fired_at is not null;
