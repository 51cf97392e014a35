-- Each service's copy of the tenant registry (kept from the lead-platform.tenants topic): which realms'
-- tokens it accepts besides those configured. Read across tenants by the directory's refresh, as the
-- system role.
create table tenant_directory (
    tenant_id    text        primary key,
    display_name text        not null,
    status       text        not null check (status in ('ACTIVE', 'SUSPENDED')),
    version      bigint      not null,
    updated_at   timestamptz not null
);
grant select on tenant_directory to ${system_role};
create policy system_tenant_directory on tenant_directory for select to ${system_role} using (true);
