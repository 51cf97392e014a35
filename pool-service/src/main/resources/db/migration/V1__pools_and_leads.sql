create table pool (
    id          uuid        primary key,
    tenant_id   text        not null,
    name        text        not null,
    description text,
    is_default  boolean     not null default false,
    rules       jsonb       not null,
    version     bigint      not null default 0,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index pool_one_default on pool (tenant_id) where is_default;
create unique index pool_name on pool (tenant_id, lower(name));

-- Reps become known from their token on first use.
create table rep (
    tenant_id    text        not null,
    id           text        not null,
    username     text        not null,
    tier         text        not null default 'default',
    active       boolean     not null default true,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    primary key (tenant_id, id)
);

create table lead (
    id                uuid        primary key,
    tenant_id         text        not null,
    pool_id           uuid        not null references pool (id),
    state             text        not null check (state in ('IN_POOL', 'OWNED', 'LOCKED', 'CONVERTED', 'INVALID')),
    owner_id          text,
    previous_owner_id text,
    intake_id         uuid,
    name              text,
    company           text,
    phone             text,
    email             text,
    region            text,
    industry          text,
    product           text,
    channel           text,
    campaign          text,
    attributes        jsonb,
    version           bigint      not null default 0,
    owned_since       timestamptz,
    last_follow_up_at timestamptz,
    follow_up_due_at  timestamptz,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    check ((state in ('OWNED', 'LOCKED')) = (owner_id is not null))
);
create index lead_pool_listing on lead (tenant_id, pool_id, state, id);
create index lead_owner on lead (tenant_id, owner_id) where owner_id is not null;

-- One row per change of a lead: who did what, why, and the version it produced.
create table lead_history (
    id         uuid        primary key,
    tenant_id  text        not null,
    lead_id    uuid        not null references lead (id),
    action     text        not null,
    actor_id   text        not null,
    actor_name text,
    from_owner text,
    to_owner   text,
    reason     text,
    pool_id    uuid,
    version    bigint      not null,
    at         timestamptz not null
);
create index lead_history_lead on lead_history (tenant_id, lead_id, at);

create table follow_up (
    id        uuid        primary key,
    tenant_id text        not null,
    lead_id   uuid        not null references lead (id),
    rep_id    text        not null,
    type      text        not null check (type in ('CALL', 'VISIT', 'EMAIL', 'MESSAGE', 'OTHER')),
    note      text,
    at        timestamptz not null
);
create index follow_up_lead on follow_up (tenant_id, lead_id, at);
