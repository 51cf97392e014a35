-- Every change of a lead writes a history row in the same transaction as the change (a claim, a recycle, an
-- assignment, ...). Two things made that row dearer than it needs to be (bench/README, "A lighter history row"):
--
-- 1. Its key. The row had a primary key on its random id alone, and a second index (tenant_id, lead_id, at) that every
--    read of history uses (a lead's history in order, the reports' "when did it enter" lookup). Nothing reads a row by
--    its id. One primary key (tenant_id, lead_id, at, id) serves both: the id still makes the key unique, and a lead's
--    history now comes back in the (at, id) order its query asks for straight from the index. One index entry less a
--    change.
-- 2. Its foreign key to lead. The check ran as a query of its own at the end of each insert and locked the lead's row
--    for key share, a second lock (and a WAL record) on a row the same transaction had just updated. Every writer of a
--    history row is a change of that lead in the same transaction, the lead's row updated or read first by the same
--    statement or function (no history row is written for a lead that was not found), and the product never deletes a
--    lead. The constraint guarded against a case the code cannot produce, at a price on every change.
alter table lead_history drop constraint lead_history_lead_id_fkey;

alter table lead_history drop constraint lead_history_pkey;
alter table lead_history add constraint lead_history_pkey primary key (tenant_id, lead_id, at, id);
drop index lead_history_lead;
