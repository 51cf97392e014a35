-- A claim in one call when pool-service expects the lead where it is (bench/README, "A claim in one call").
--
-- Until now every claim read the lead first (claim_probe: its pool, level and stage decide the rules and the clocks)
-- and then called claim_lead with what Java had worked out from it: two round trips and two transactions a claim.
-- Most claims are of a pool the rep claimed from before, whose rules pool-service keeps while the pool's version and
-- the tenant's settings stay as they were, and of a lead whose clocks are the pool's defaults (no level override,
-- no exempt stage). For those, Java can work everything out before it has seen the lead, and claim_lead checks
-- that the lead is as expected in the same transaction as the claim:
--   p_pool                the pool Java expects the lead in; null: Java expects nothing (claim_lead only reads);
--   p_version             the lead's version Java saw, when it saw the lead (the clocks are then that lead's);
--                         null: the clocks are the pool's defaults, valid unless the lead's stage is one of
--                         p_exempt_stages or its level one of p_override_levels;
--   p_pool_version, p_time_zone, p_tiers
--                         the pool's version and the tenant's settings the rules were worked out from (null time zone
--                         and tiers: the tenant keeps the defaults, as claim_probe reports them).
-- A lead not as expected (another pool, taken, changed, other clocks, other rules) is not touched: the answer is
-- UNEXPECTED with claim_probe's columns, from which Java works the claim out again, as it always did after the probe.
-- The event's version is the lead's after the update, which only this function knows: it is written into the
-- event's data here (jsonb_set; key order and spacing of the stored text are jsonb's).

drop function claim_lead(text, uuid, uuid, bigint, text, text, text, text[], boolean, text, boolean, boolean, integer,
                         timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz,
                         timestamptz, text, timestamptz, uuid, uuid, text, text, text, text, text, text);

-- As claim_lead of V15, in the same order of refusals, after the check of what was expected:
--   0. the lead is read (no lock). No such lead in this tenant: no row. Out of the pool: UNEXPECTED with the lead
--      only (Java answers from it). Not as expected: UNEXPECTED, o_lead and o_pool_version, o_time_zone, o_tiers
--      as claim_probe answers them;
--   1.-4. the rep's row locked, REP_INACTIVE, NOT_IN_SCOPE, ADMIN_ONLY, HOLDING_LIMIT, CLAIM_QUOTA;
--   5. lead_take, the lead unchanged since step 0 (its version). It changed nothing: when the lead is still in the
--      pool but changed meanwhile, UNEXPECTED with the lead as it is now (Java works the claim out again); else
--      NOT_CLAIMED with the lead as it is, for Java to say why (taken, cooldown, embargo);
--   6. the history row and the outbox event, in the same transaction.
create function claim_lead(p_tenant text, p_lead uuid, p_pool uuid, p_version bigint, p_pool_version bigint,
                           p_time_zone text, p_tiers text, p_exempt_stages text[], p_override_levels text[],
                           p_rep text, p_rep_name text, p_roles text, p_scope_teams text[], p_admin_only boolean,
                           p_limits text, p_count_locked boolean, p_count_won boolean, p_quota integer,
                           p_quota_since timestamptz, p_cooldown_start timestamptz, p_embargo_start timestamptz,
                           p_now timestamptz, p_fu_due timestamptz, p_fu_rule text, p_fu_remind timestamptz,
                           p_pr_due timestamptz, p_pr_rule text, p_pr_remind timestamptz, p_history_id uuid,
                           p_event_id uuid, p_topic text, p_key text, p_type text, p_payload text, p_trace text,
                           p_lock_timeout text)
    returns table (o_outcome text, o_tier text, o_held bigint, o_taken bigint, o_lead jsonb,
                   o_pool_version bigint, o_time_zone text, o_tiers text)
    language plpgsql volatile
as $$
declare
    v_seen  lead%rowtype;
    v_rep   rep%rowtype;
    v_limit bigint;
    v_held  bigint;
    v_taken bigint;
    v_lead  lead%rowtype;
begin
    perform set_config('app.tenant_id', p_tenant, true);
    perform set_config('lock_timeout', p_lock_timeout, true);

    select * into v_seen from lead l where l.tenant_id = p_tenant and l.id = p_lead;
    if not found then
        return;
    end if;
    if v_seen.state <> 'IN_POOL' then
        -- taken (the hot lead's losers) or out of play: Java answers from the lead alone, as after a probe
        return query select 'UNEXPECTED', null::text, null::bigint, null::bigint, to_jsonb(v_seen), null::bigint,
                            null::text, null::text;
        return;
    end if;
    if p_pool is null or v_seen.pool_id <> p_pool
       or (p_version is not null and v_seen.version <> p_version)
       or (p_version is null and (coalesce(v_seen.stage = any(p_exempt_stages), true)
                                  or (v_seen.level is not null and coalesce(v_seen.level = any(p_override_levels), true))))
       or p_pool_version is distinct from (select p.version from pool p
                                           where p.tenant_id = p_tenant and p.id = p_pool)
       or p_time_zone is distinct from (select s.time_zone from tenant_settings s where s.tenant_id = p_tenant)
       or p_tiers is distinct from (select cast(s.tiers as text) from tenant_settings s where s.tenant_id = p_tenant)
    then
        return query select 'UNEXPECTED', null::text, null::bigint, null::bigint, p.o_lead, p.o_pool_version,
                            p.o_time_zone, p.o_tiers
                     from claim_probe(p_tenant, p_lead) p;
        return;
    end if;

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
        return query select 'REP_INACTIVE', v_rep.tier, null::bigint, null::bigint, null::jsonb, null::bigint,
                            null::text, null::text;
        return;
    end if;
    if p_scope_teams is not null and not (v_rep.teams ?| p_scope_teams) then
        return query select 'NOT_IN_SCOPE', v_rep.tier, null::bigint, null::bigint, null::jsonb, null::bigint,
                            null::text, null::text;
        return;
    end if;
    if p_admin_only then
        return query select 'ADMIN_ONLY', v_rep.tier, null::bigint, null::bigint, null::jsonb, null::bigint,
                            null::text, null::text;
        return;
    end if;

    v_limit := coalesce(cast(p_limits as jsonb) ->> v_rep.tier, cast(p_limits as jsonb) ->> '*');
    if v_limit is not null then
        v_held := coalesce((select h.o_held from lead_held(p_tenant, array[p_rep], p_count_locked, p_count_won) h), 0);
        if v_held >= v_limit then
            return query select 'HOLDING_LIMIT', v_rep.tier, v_held, null::bigint, null::jsonb, null::bigint,
                                null::text, null::text;
            return;
        end if;
    end if;
    if p_quota is not null then
        v_taken := coalesce((select t.o_taken
                            from lead_taken_from_pool(p_tenant, p_pool, array[p_rep], p_quota_since) t), 0);
        if v_taken >= p_quota then
            return query select 'CLAIM_QUOTA', v_rep.tier, v_held, v_taken, null::jsonb, null::bigint, null::text,
                                null::text;
            return;
        end if;
    end if;

    select * into v_lead from lead_take(p_tenant, p_lead, p_pool, v_seen.version, p_rep, p_now, p_fu_due, p_fu_rule,
                                        p_fu_remind, p_pr_due, p_pr_rule, p_pr_remind, p_cooldown_start,
                                        p_embargo_start);
    if not found then
        select * into v_lead from lead l where l.tenant_id = p_tenant and l.id = p_lead;
        if v_lead.state = 'IN_POOL' and v_lead.pool_id = p_pool and v_lead.version <> v_seen.version then
            return query select 'UNEXPECTED', v_rep.tier, v_held, v_taken, p.o_lead, p.o_pool_version,
                                p.o_time_zone, p.o_tiers
                         from claim_probe(p_tenant, p_lead) p;
        else
            return query select 'NOT_CLAIMED', v_rep.tier, v_held, v_taken, to_jsonb(v_lead), null::bigint,
                                null::text, null::text;
        end if;
        return;
    end if;

    insert into lead_history (id, tenant_id, lead_id, action, actor_id, actor_name, from_owner, to_owner, reason,
                              pool_id, version, at, score_band)
    values (p_history_id, p_tenant, p_lead, 'CLAIMED', p_rep, p_rep_name, null, p_rep, null, v_lead.pool_id,
            v_lead.version, p_now, v_lead.score_band);
    insert into outbox (id, tenant_id, topic, message_key, event_type, payload, traceparent, created_at)
    values (p_event_id, p_tenant, p_topic, p_key, p_type,
            cast(jsonb_set(cast(p_payload as jsonb), '{data,version}', to_jsonb(v_lead.version)) as text),
            nullif(p_trace, ''), now());
    return query select 'CLAIMED', v_rep.tier, v_held, v_taken, to_jsonb(v_lead), null::bigint, null::text,
                        null::text;
end
$$;
