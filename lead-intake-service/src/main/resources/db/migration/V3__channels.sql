-- Web-form channels: a public key a form posts to, the campaign its leads are tagged with, and how many
-- leads a minute it takes. The key is the credential, so it is unique across tenants.
create table channel (
    id              uuid        primary key,
    tenant_id       text        not null,
    channel_key     text        not null unique,
    name            text        not null,
    campaign        text,
    rate_per_minute int         not null check (rate_per_minute between 1 and 6000),
    active          boolean     not null default true,
    created_by      text        not null,
    created_at      timestamptz not null
);
create index channel_tenant on channel (tenant_id, created_at);
create unique index channel_name on channel (tenant_id, name) where active;
