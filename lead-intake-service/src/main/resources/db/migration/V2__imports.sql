-- A file upload and how far it got. Counters are exact: processed moves with the rows handed on (in the
-- same transaction as their LeadReceived events), the outcome counters with dedup's decisions (through
-- the inbox), so accepted + duplicates + rejected = total once the import is COMPLETED.
create table import_job (
    id              uuid        primary key,
    tenant_id       text        not null,
    status          text        not null check (status in ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    idempotency_key text,
    file_name       text        not null,
    format          text        not null check (format in ('CSV', 'XLSX')),
    charset         text,
    size_bytes      bigint      not null,
    sha256          text        not null,
    columns         jsonb       not null,
    pool_id         uuid,
    total           bigint      not null,
    processed       bigint      not null default 0,
    accepted        bigint      not null default 0,
    duplicates      bigint      not null default 0,
    rejected        bigint      not null default 0,
    failure         text,
    created_by      text        not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    check (processed <= total and accepted + duplicates + rejected <= total)
);
create unique index import_job_idempotency on import_job (tenant_id, idempotency_key) where idempotency_key is not null;
create index import_job_tenant_started on import_job (tenant_id, started_at desc);
create index import_job_pending on import_job (lease_until) where status = 'RUNNING';

-- The uploaded bytes, in chunks, so that any replica can resume an import after a crash. Stored before
-- the job row (which commits the upload), hence no foreign key; removed when the import ends.
create table import_file (
    tenant_id text   not null,
    import_id uuid   not null,
    seq       int    not null,
    data      bytea  not null,
    primary key (import_id, seq)
);

-- Rows refused, with the column and the reason; served as CSV by GET /imports/{id}/errors.
create table import_rejection (
    tenant_id   text   not null,
    import_id   uuid   not null references import_job (id) on delete cascade,
    row_no      bigint not null,
    column_name text   not null,
    reason      text   not null,
    value       text,
    primary key (import_id, row_no, column_name)
);
