-- The pool-flow report reads a tenant's history by time; the last entry of a lead into a pool is found
-- through lead_history_lead (tenant_id, lead_id, at).
create index lead_history_tenant_at on lead_history (tenant_id, at);
