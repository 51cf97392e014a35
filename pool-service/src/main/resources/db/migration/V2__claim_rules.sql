-- When a lead last entered a pool (embargo) and when it last left an owner (previous-owner cooldown).
alter table lead add column pooled_at timestamptz;
alter table lead add column returned_at timestamptz;
update lead set pooled_at = created_at where pooled_at is null;
alter table lead alter column pooled_at set not null;

-- Claim quota: a rep's claims from a pool in a rolling window are counted from the history.
create index lead_history_claims on lead_history (tenant_id, actor_id, pool_id, at) where action = 'CLAIMED';
