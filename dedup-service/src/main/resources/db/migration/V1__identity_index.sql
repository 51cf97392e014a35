-- The tenant's identity index: one row per normalised key. The primary key makes two arrivals of the
-- same person at the same moment collide, so that exactly one of them creates the lead.
create table identity_key (
    tenant_id  text        not null,
    kind       text        not null check (kind in ('PHONE', 'EMAIL')),
    value      text        not null,
    lead_id    uuid        not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, kind, value)
);
create index identity_key_lead on identity_key (tenant_id, lead_id);

-- Every decision taken, for audit and for the intake report.
create table decision (
    tenant_id    text        not null,
    intake_id    uuid        not null,
    outcome      text        not null check (outcome in ('ACCEPTED', 'DUPLICATE', 'REJECTED')),
    lead_id      uuid,
    matched_on   text,
    decided_at   timestamptz not null default now(),
    primary key (tenant_id, intake_id)
);
