-- Runs after every migration (Flyway callback), so that no table escapes row-level security, however
-- it was added. Idempotent. A table without tenant_id stops the service from starting.
do $$
declare
    t record;
begin
    for t in select c.oid::regclass as tbl,
                    exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                            and not a.attisdropped) as tenanted
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = current_schema() and c.relkind in ('r', 'p')
               and c.relname <> '${flyway:table}'
    loop
        if not t.tenanted then
            raise exception 'table % has no tenant_id: every table is tenant-scoped', t.tbl;
        end if;
        execute format('alter table %s enable row level security, force row level security', t.tbl);
        if not exists (select 1 from pg_policy where polrelid = t.tbl and polname = 'tenant_isolation') then
            execute format('create policy tenant_isolation on %s to %I'
                           ' using (tenant_id = current_setting(''app.tenant_id'', true))'
                           ' with check (tenant_id = current_setting(''app.tenant_id'', true))',
                           t.tbl, '${app_role}');
        end if;
        if not exists (select 1 from pg_policy where polrelid = t.tbl and polname = 'schema_owner') then
            execute format('create policy schema_owner on %s to %I using (true) with check (true)',
                           t.tbl, current_user);
        end if;
    end loop;
    -- The application role reads and writes data; it never owns, alters or drops anything.
    execute format('grant select, insert, update, delete on all tables in schema %I to %I',
                   current_schema(), '${app_role}');
    execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), '${app_role}');
    execute format('revoke all on table %I from %I', '${flyway:table}', '${app_role}');
end
$$;
