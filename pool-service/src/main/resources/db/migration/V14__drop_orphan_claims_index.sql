-- lead_history_claims (tenant_id, actor_id, pool_id, at) where action = 'CLAIMED' counted a rep's claims for the
-- claim quota until V12 made the quota count what a rep received (to_owner, lead_history_received). No query has
-- read it since, and every claim still wrote an entry into it.
drop index if exists lead_history_claims;
