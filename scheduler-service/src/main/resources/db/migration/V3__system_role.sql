-- What the system role (SystemTransactions, see db/platform/V0_2) may do across tenants here: the
-- recycle sweep claims due deadlines of every tenant (and writes their commands to the outbox).
grant select, update on deadline to ${system_role};
create policy system_sweep on deadline to ${system_role} using (true) with check (true);
