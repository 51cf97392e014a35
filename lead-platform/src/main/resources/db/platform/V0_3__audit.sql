-- Audit log of admin actions: who (user id and name), when, what, on which object, and the object before
-- and after (JSON snapshots; null on the side of a creation or a deletion). Written in the same
-- transaction as the action, so an action and its entry commit or roll back together. Append-only.
create table audit_log (
    id          uuid        primary key,
    tenant_id   text        not null,
    at          timestamptz not null,
    actor_id    text        not null,
    actor_name  text,
    action      text        not null,
    target_type text        not null,
    target_id   text        not null,
    before      jsonb,
    after       jsonb,
    service     text        not null
);
-- The listing: a tenant's newest first, paged by (at, id).
create index audit_log_tenant_at on audit_log (tenant_id, at desc, id desc);
-- The history of one object, and what one person did.
create index audit_log_tenant_target on audit_log (tenant_id, target_type, target_id, at desc);
create index audit_log_tenant_actor on audit_log (tenant_id, actor_id, at desc);
