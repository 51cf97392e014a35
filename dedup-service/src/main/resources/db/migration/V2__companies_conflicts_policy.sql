-- Company matching (撞单) with pg_trgm: it reads Chinese only under a UTF-8 ctype (C.UTF-8); under the
-- C locale every Chinese name would have no trigrams and never match. Fail loudly instead.
create extension if not exists pg_trgm;
do $$
begin
    if show_trgm('上海公司') = '{}' then
        raise exception 'the dedup database needs a UTF-8 ctype (create it with LC_CTYPE ''C.UTF-8'') for pg_trgm to read Chinese';
    end if;
end $$;

-- What dedup knows of each lead: its company key and region (for company matches, blocked by region)
-- and its state and owner (for the duplicate check), kept from pool events.
create table lead_profile (
    tenant_id   text        not null,
    lead_id     uuid        not null,
    name        text,
    company     text,
    company_key text,
    -- the key without its generic words (CompanySimilarity): what pg_trgm searches
    core_key    text,
    region      text,
    state       text        not null default 'IN_POOL'
                check (state in ('IN_POOL', 'OWNED', 'LOCKED', 'CONVERTED', 'INVALID', 'MERGED', 'DISCARDED')),
    owner_id    text,
    owner_name  text,
    version     bigint      not null default -1,
    created_at  timestamptz not null default now(),
    -- lead first: a key led by the tenant would tempt the planner into reading a whole tenant's leads
    -- where the company search should use its trigram index
    primary key (lead_id, tenant_id)
);
-- fastupdate off: every new lead is searched for right after others were added; a pending list (the
-- default) is scanned linearly by every search until vacuum merges it, which made each search cost ms.
create index lead_profile_core_trgm on lead_profile using gin (core_key gin_trgm_ops) with (fastupdate = off)
    where core_key is not null;

-- A tenant's policy for company matches.
create table dedup_policy (
    tenant_id     text        primary key,
    company_match text        not null check (company_match in ('BLOCK', 'FLAG', 'ALLOW')),
    threshold     real        not null check (threshold > 0 and threshold <= 1),
    updated_by    text        not null,
    updated_at    timestamptz not null
);

-- A new lead whose company resembles an existing lead's, waiting for (or given) an arbiter's decision.
create table conflict (
    id               uuid        primary key,
    tenant_id        text        not null,
    lead_id          uuid        not null,
    existing_lead_id uuid        not null,
    score            real        not null,
    matched          jsonb       not null,
    status           text        not null check (status in ('OPEN', 'RESOLVED')),
    action           text        check (action in ('MERGE_INTO_EXISTING', 'KEEP_BOTH', 'DISCARD')),
    resolved_by      text,
    resolved_at      timestamptz,
    created_at       timestamptz not null
);
create index conflict_tenant_status on conflict (tenant_id, status, created_at);
create unique index conflict_once on conflict (tenant_id, lead_id, existing_lead_id);
