create table intake (
    id              uuid        primary key,
    tenant_id       text        not null,
    status          text        not null check (status in ('RECEIVED', 'ACCEPTED', 'DUPLICATE', 'REJECTED')),
    idempotency_key text,
    lead            jsonb       not null,
    received_by     text        not null,
    lead_id         uuid,
    duplicate_of    uuid,
    matched_on      text,
    violations      jsonb,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create unique index intake_idempotency on intake (tenant_id, idempotency_key) where idempotency_key is not null;
create index intake_tenant_created on intake (tenant_id, created_at desc);
