-- Row-level security is the second wall behind the services' own tenant filters.
--
-- Every table has tenant_id; afterMigrate.sql (run after every migration) makes each such table
-- ENABLE + FORCE ROW LEVEL SECURITY with two policies: the application role sees and writes only the
-- rows of the tenant its transaction set with set_config('app.tenant_id', ..., true); the owner (who
-- migrates) sees all. Nothing else: the application role owns no table, so it can neither turn RLS
-- off nor alter a policy.
--
-- Cross-tenant system jobs switch, inside their own transaction, to the system role
-- (SET LOCAL ROLE ${system_role}). That role holds only the grants and policies a job needs, table
-- by table, declared next to the table. Here: the outbox relay reads and deletes relayed rows; the
-- recycle sweep writes commands of many tenants; the inbox pruner deletes old rows.
grant select, insert, delete on outbox to ${system_role};
grant usage, select on sequence outbox_seq_seq to ${system_role};
create policy system_outbox on outbox to ${system_role} using (true) with check (true);

grant select, delete on inbox to ${system_role};
create policy system_inbox on inbox to ${system_role} using (true);
