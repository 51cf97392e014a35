-- Transactional outbox: rows are written in the business transaction and relayed to Kafka.
create table outbox (
    seq         bigserial   primary key,
    id          uuid        not null unique,
    tenant_id   text        not null,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null default now()
);

-- Inbox: one row per (consumer, event) applied; inserted in the same transaction as the effect.
create table inbox (
    consumer     text        not null,
    event_id     uuid        not null,
    tenant_id    text        not null,
    event_type   text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index inbox_processed_at on inbox (processed_at);
