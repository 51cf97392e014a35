-- A lead's score: the probability that it converts under its tenant's current model, and its band among the
-- tenant's leads (HIGH, MEDIUM, LOW); both null while the tenant has no model. A history row keeps the band the
-- lead had when the row was written (what a rep received, by band).
alter table lead add column score double precision check (score between 0 and 1);
alter table lead add column score_band text check (score_band in ('HIGH', 'MEDIUM', 'LOW'));
create index lead_pool_by_score on lead (tenant_id, pool_id, state, score desc nulls last, id);
alter table lead_history add column score_band text;

-- A tenant's lead-scoring model (naive Bayes counts), or why it has none.
create table lead_score_model (
    tenant_id           text        primary key,
    status              text        not null check (status in ('TRAINED', 'INSUFFICIENT_HISTORY')),
    version             bigint      not null default 0,
    training_started_at timestamptz,
    trained_at          timestamptz,
    examples            integer,
    conversions         integer,
    auc                 double precision,
    model               jsonb,
    updated_at          timestamptz not null
);

-- Cross-tenant jobs (retraining, backlog runs) enumerate tenants as the system role: the default pool of each,
-- its tenant and nothing else. Each tenant's work then runs in that tenant's own transaction.
grant select (tenant_id, is_default) on pool to ${system_role};
create policy system_tenants on pool for select to ${system_role} using (is_default);
