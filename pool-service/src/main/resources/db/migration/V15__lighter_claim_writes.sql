-- Fewer WAL records for every claim (pg_walinspect's pg_get_wal_records_info over one claim's transaction
-- showed 17: bench/README, "What a claim writes").

-- 1. lead_owned_in_pool (tenant_id, pool_id) where state = 'OWNED' answers nothing lead_pool_listing
--    (tenant_id, pool_id, state, id) does not: the one query that filters owned leads by pool (the unlocked leads
--    whose clocks follow a pool's rules, for a rule change and the recycling simulation) reads them in id order,
--    which the listing index gives without a sort. Every claim, assignment and transfer wrote an entry into it.
drop index if exists lead_owned_in_pool;

-- 2. A lead is written once when it arrives and updated at every change of hands. Its update cannot be a HOT update
--    (state and owner are indexed), and on a full page the new version goes to another one: PostgreSQL then also
--    logs a lock on the old version while it looks for room, and the update touches two pages. Pages filled to
--    85 % keep room for the next version of their leads (pages written from now on; existing ones as they empty).
alter table lead set (fillfactor = 85);

-- 3. claim_lead remembered the rep with an upsert and then locked their row: the upsert's ON CONFLICT DO UPDATE
--    locks the row it conflicts with even when its WHERE leaves it unchanged, and the SELECT ... FOR UPDATE after it
--    locked it again, each lock a WAL record. The rep's row is now locked once, by the SELECT; only a rep seen for
--    the first time is inserted (ON CONFLICT DO NOTHING: two first claims at once insert one row, and the second
--    then waits for the first's lock), and only a changed name or roles, or a last sighting over a minute old,
--    updates it. The rest of the function is as in V13.
create or replace function claim_lead(p_tenant text, p_lead uuid, p_pool uuid, p_version bigint, p_rep text,
                           p_rep_name text, p_roles text, p_scope_teams text[], p_admin_only boolean,
                           p_limits text, p_count_locked boolean, p_count_won boolean, p_quota integer,
                           p_quota_since timestamptz, p_cooldown_start timestamptz, p_embargo_start timestamptz,
                           p_now timestamptz, p_fu_due timestamptz, p_fu_rule text, p_fu_remind timestamptz,
                           p_pr_due timestamptz, p_pr_rule text, p_pr_remind timestamptz, p_history_id uuid,
                           p_event_id uuid, p_topic text, p_key text, p_type text, p_payload text, p_trace text,
                           p_lock_timeout text)
    returns table (o_outcome text, o_tier text, o_held bigint, o_taken bigint, o_lead jsonb)
    language plpgsql volatile
as $$
declare
    v_rep   rep%rowtype;
    v_limit bigint;
    v_held  bigint;
    v_taken bigint;
    v_lead  lead%rowtype;
begin
    perform set_config('app.tenant_id', p_tenant, true);
    perform set_config('lock_timeout', p_lock_timeout, true);

    select * into v_rep from rep r where r.tenant_id = p_tenant and r.id = p_rep for update;
    if not found then
        insert into rep (tenant_id, id, username, roles, created_at, last_seen_at)
        values (p_tenant, p_rep, p_rep_name, cast(p_roles as jsonb), now(), now())
        on conflict (tenant_id, id) do nothing;
        select * into v_rep from rep r where r.tenant_id = p_tenant and r.id = p_rep for update;
    elsif v_rep.username is distinct from p_rep_name or v_rep.roles is distinct from cast(p_roles as jsonb)
          or v_rep.last_seen_at < now() - interval '1 minute' then
        update rep r set username = p_rep_name, roles = cast(p_roles as jsonb), last_seen_at = now()
        where r.tenant_id = p_tenant and r.id = p_rep
        returning * into v_rep;
    end if;

    if not v_rep.active then
        return query select 'REP_INACTIVE', v_rep.tier, null::bigint, null::bigint, null::jsonb;
        return;
    end if;
    if p_scope_teams is not null and not (v_rep.teams ?| p_scope_teams) then
        return query select 'NOT_IN_SCOPE', v_rep.tier, null::bigint, null::bigint, null::jsonb;
        return;
    end if;
    if p_admin_only then
        return query select 'ADMIN_ONLY', v_rep.tier, null::bigint, null::bigint, null::jsonb;
        return;
    end if;

    v_limit := coalesce(cast(p_limits as jsonb) ->> v_rep.tier, cast(p_limits as jsonb) ->> '*');
    if v_limit is not null then
        v_held := coalesce((select h.o_held from lead_held(p_tenant, array[p_rep], p_count_locked, p_count_won) h), 0);
        if v_held >= v_limit then
            return query select 'HOLDING_LIMIT', v_rep.tier, v_held, null::bigint, null::jsonb;
            return;
        end if;
    end if;
    if p_quota is not null then
        v_taken := coalesce((select t.o_taken
                            from lead_taken_from_pool(p_tenant, p_pool, array[p_rep], p_quota_since) t), 0);
        if v_taken >= p_quota then
            return query select 'CLAIM_QUOTA', v_rep.tier, v_held, v_taken, null::jsonb;
            return;
        end if;
    end if;

    select * into v_lead from lead_take(p_tenant, p_lead, p_pool, p_version, p_rep, p_now, p_fu_due, p_fu_rule,
                                        p_fu_remind, p_pr_due, p_pr_rule, p_pr_remind, p_cooldown_start,
                                        p_embargo_start);
    if not found then
        return query select 'NOT_CLAIMED', v_rep.tier, v_held, v_taken, to_jsonb(l)
                     from lead l where l.tenant_id = p_tenant and l.id = p_lead;
        return;
    end if;

    insert into lead_history (id, tenant_id, lead_id, action, actor_id, actor_name, from_owner, to_owner, reason,
                              pool_id, version, at, score_band)
    values (p_history_id, p_tenant, p_lead, 'CLAIMED', p_rep, p_rep_name, null, p_rep, null, v_lead.pool_id,
            v_lead.version, p_now, v_lead.score_band);
    insert into outbox (id, tenant_id, topic, message_key, event_type, payload, traceparent, created_at)
    values (p_event_id, p_tenant, p_topic, p_key, p_type, p_payload, nullif(p_trace, ''), now());
    return query select 'CLAIMED', v_rep.tier, v_held, v_taken, to_jsonb(v_lead);
end
$$;
