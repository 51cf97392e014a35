-- The company search under row-level security. pg_trgm's similarity operator (%) is not leakproof, so
-- PostgreSQL will not use it as an index condition below a row-level security policy: through the
-- application role every search became a scan of the whole table. This function is the one door
-- around that: it runs as the owner (whose policy lets the GIN index serve), and it returns only rows
-- of the tenant the caller's transaction is bound to, whatever tenant it is asked for.
create function company_candidates(tenant text, core text, full_key text, block text, max_hits int)
    returns table (lead_id uuid, score real, company_key text, company text, region text, state text)
    language sql stable security definer
    set search_path = public, pg_temp
as $$
    select p.lead_id, similarity(p.core_key, core), p.company_key, p.company, p.region, p.state
    from lead_profile p
    where p.tenant_id = tenant and tenant = current_setting('app.tenant_id', true)
      and p.core_key % core
      and (block is null or p.region is null or p.region = block)
      and p.state not in ('MERGED', 'DISCARDED', 'INVALID')
    order by p.company_key = full_key desc, similarity(p.core_key, core) desc, p.created_at
    limit max_hits
$$;
revoke all on function company_candidates(text, text, text, text, int) from public;
grant execute on function company_candidates(text, text, text, text, int) to ${app_role};
