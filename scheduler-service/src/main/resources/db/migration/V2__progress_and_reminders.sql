-- Besides the follow-up deadline: the progress deadline (no stage advance) and a reminder ahead of each.
-- A reminder row's due_at is when to remind; target_at is the deadline it reminds of.
alter table deadline drop constraint deadline_kind_check;
alter table deadline add constraint deadline_kind_check
    check (kind in ('FOLLOW_UP', 'PROGRESS', 'FOLLOW_UP_REMINDER', 'PROGRESS_REMINDER'));
alter table deadline add column target_at timestamptz;
update deadline set target_at = due_at;
