-- The deadline of every owned lead, as the pool last told it. A row is only ever replaced by a newer
-- version of the lead, so events that arrive late or twice cannot move a deadline back.
create table deadline (
    tenant_id  text        not null,
    lead_id    uuid        not null,
    kind       text        not null check (kind in ('FOLLOW_UP')),
    version    bigint      not null,
    owner_id   text,
    pool_id    uuid,
    due_at     timestamptz,
    fired_at   timestamptz,
    fire_count int         not null default 0,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, lead_id, kind)
);
create index deadline_due on deadline (due_at) where due_at is not null;
create index deadline_owner on deadline (tenant_id, owner_id, due_at) where due_at is not null;
