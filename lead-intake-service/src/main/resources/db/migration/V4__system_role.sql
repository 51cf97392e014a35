-- What the system role (SystemTransactions, see db/platform/V0_2) may do across tenants here: a worker
-- leases any tenant's running import; a web form's key names its channel before the tenant is known.
grant select, update on import_job to ${system_role};
create policy system_import_lease on import_job to ${system_role} using (true) with check (true);

grant select on channel to ${system_role};
create policy system_channel_by_key on channel for select to ${system_role} using (active);
