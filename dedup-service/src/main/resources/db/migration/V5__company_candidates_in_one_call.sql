-- The company search of a whole chunk of leads in one call. V3's function was called once a lead, from a lateral
-- join: a security definer with its own search_path costs a call frame and a switch of role and settings each time,
-- 15 us a lead in a million-row import (15 of the 106 s its searches took). Here the lateral join runs inside the
-- function, so a chunk of 500 leads is one call. The same search otherwise, under the same guard: it runs as the
-- owner (whose row-level security policy lets the GIN index serve) and returns only rows of the tenant the caller's
-- transaction is bound to.
-- queries: a JSON array of {"i": position, "k": core key, "f": full company key, "r": region block or null}.
create function company_candidates_all(tenant text, queries text, max_hits int)
    returns table (i int, lead_id uuid, score real, company_key text, company text, region text, state text)
    language sql stable security definer
    set search_path = public, pg_temp
as $$
    select q.i, m.lead_id, m.score, m.company_key, m.company, m.region, m.state
    from json_to_recordset(cast(queries as json)) as q(i int, k text, f text, r text)
    cross join lateral (
        select p.lead_id, similarity(p.core_key, q.k) as score, p.company_key, p.company, p.region, p.state
        from lead_profile p
        where p.tenant_id = tenant and tenant = current_setting('app.tenant_id', true)
          and p.core_key % q.k
          and (q.r is null or p.region is null or p.region = q.r)
          and p.state not in ('MERGED', 'DISCARDED', 'INVALID')
        order by p.company_key = q.f desc, similarity(p.core_key, q.k) desc, p.created_at
        limit max_hits) m
$$;
revoke all on function company_candidates_all(text, text, int) from public;
grant execute on function company_candidates_all(text, text, int) to ${app_role};

drop function company_candidates(text, text, text, text, int);
