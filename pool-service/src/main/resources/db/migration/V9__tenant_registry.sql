-- The tenant registry (platform operators, /api/v1/tenants): the source of the lead-platform.tenants
-- events every service's tenant directory is kept from. A row is its own tenant's; listing every
-- tenant is a platform job, as the system role.
create table tenant_registry (
    tenant_id    text        primary key,
    display_name text        not null,
    status       text        not null check (status in ('ACTIVE', 'SUSPENDED')),
    version      bigint      not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    updated_at   timestamptz not null,
    updated_by   text        not null
);
grant select on tenant_registry to ${system_role};
create policy system_tenant_registry on tenant_registry for select to ${system_role} using (true);
