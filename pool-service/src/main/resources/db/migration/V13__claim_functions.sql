-- A claim in two statements, each its own transaction, instead of one transaction of twelve round trips.
-- The rules stay in Java (OwnershipService.claim): it reads the lead with claim_probe, works out what its pool's
-- rules mean for this rep and this lead now (the limit of each tier, the quota's window, the cooldown and embargo
-- starts, the new clocks, the event), and claim_lead applies them under the rep's row lock, as the transaction
-- did statement by statement. Both functions run as the caller (row-level security applies) and set the tenant
-- for their own transaction only.

-- What a claim and an automatic hand-out share, one definition each (LeadRepository and HistoryRepository call
-- them too). The two counts are plain SQL functions, which PostgreSQL inlines into the statement that calls them.

-- The leads each of p_reps holds in every pool, as a holding limit counts them (locked ones if the pool says so,
-- won ones only if it says so); reps who hold none are absent.
create function lead_held(p_tenant text, p_reps text[], p_count_locked boolean, p_count_won boolean)
    returns table (o_rep text, o_held bigint)
    language sql stable
as $$
    select l.owner_id, count(*) from lead l
    where l.tenant_id = p_tenant and l.owner_id = any(p_reps)
      and (l.state = 'OWNED' or (p_count_locked and l.state = 'LOCKED'))
      and (p_count_won or l.stage <> 'WON')
    group by l.owner_id
$$;

-- What each of p_reps took from a pool since p_since, as a claim quota counts it: their own claims and automatic
-- hand-outs (an admin's or a manager's assignment does not count); reps who took none are absent.
create function lead_taken_from_pool(p_tenant text, p_pool uuid, p_reps text[], p_since timestamptz)
    returns table (o_rep text, o_taken bigint)
    language sql stable
as $$
    select h.to_owner, count(*) from lead_history h
    where h.tenant_id = p_tenant and h.pool_id = p_pool and h.to_owner = any(p_reps) and h.at > p_since
      and (h.action = 'CLAIMED' or (h.action = 'ASSIGNED' and h.actor_id = 'system:distribution'))
    group by h.to_owner
$$;

-- The conditional write that makes a rep the owner of a lead of the pool: only a lead still in the pool it was
-- seen in (and unchanged since, when p_version is given), out of its embargo, and not within the rep's own
-- cooldown, and only once. The lead after the write, or no row.
create function lead_take(p_tenant text, p_lead uuid, p_pool uuid, p_version bigint, p_rep text,
                          p_now timestamptz, p_fu_due timestamptz, p_fu_rule text, p_fu_remind timestamptz,
                          p_pr_due timestamptz, p_pr_rule text, p_pr_remind timestamptz,
                          p_cooldown_start timestamptz, p_embargo_start timestamptz)
    returns setof lead
    language plpgsql volatile
as $$
begin
    return query
        update lead l
        set state = 'OWNED', owner_id = p_rep, owned_since = p_now, last_follow_up_at = null, progress_since = p_now,
            follow_up_due_at = p_fu_due, follow_up_rule = p_fu_rule, follow_up_remind_at = p_fu_remind,
            progress_due_at = p_pr_due, progress_rule = p_pr_rule, progress_remind_at = p_pr_remind,
            version = l.version + 1, updated_at = p_now
        where l.tenant_id = p_tenant and l.id = p_lead and l.pool_id = p_pool and l.state = 'IN_POOL'
          and (p_version is null or l.version = p_version)
          and (l.previous_owner_id is null or l.previous_owner_id <> p_rep or l.returned_at <= p_cooldown_start)
          and l.pooled_at <= p_embargo_start
        returning l.*;
end
$$;

-- The lead as it stands, its pool's version (what Java caches of a pool is good while it is unchanged) and the
-- tenant's settings (null while the tenant keeps the defaults). No row: no such lead in this tenant.
create function claim_probe(p_tenant text, p_lead uuid)
    returns table (o_lead jsonb, o_pool_version bigint, o_time_zone text, o_tiers text)
    language plpgsql volatile
as $$
begin
    perform set_config('app.tenant_id', p_tenant, true);
    return query
        select to_jsonb(l), p.version, s.time_zone, cast(s.tiers as text)
        from lead l
                 left join pool p on p.tenant_id = l.tenant_id and p.id = l.pool_id
                 left join tenant_settings s on s.tenant_id = l.tenant_id
        where l.tenant_id = p_tenant and l.id = p_lead;
end
$$;

-- The claim itself. In this order, as the refusals' precedence has always been:
--   1. the rep is remembered (created on first sight; their name and roles kept current, at most once a minute)
--      and their row locked until the claim commits, so that no other claim of theirs counts alongside;
--   2. REP_INACTIVE; NOT_IN_SCOPE when p_scope_teams is not null and the rep is in none of those teams (null:
--      Java found the rep in scope by user, role or an open scope); ADMIN_ONLY;
--   3. HOLDING_LIMIT: the rep's tier's limit from p_limits ({"<tier>": n, "*": n for every other tier}; null:
--      no limit) against lead_held;
--   4. CLAIM_QUOTA: p_quota against lead_taken_from_pool since p_quota_since;
--   5. lead_take, unchanged since the probe (p_version, so that the clocks and the event computed from it hold).
--      It changed nothing: NOT_CLAIMED with the lead as it is now, for Java to say why;
--   6. the history row and the outbox event, in the same transaction.
-- o_held and o_taken are the counts when a limit was counted; o_lead is the lead after the claim, or as it is.
create function claim_lead(p_tenant text, p_lead uuid, p_pool uuid, p_version bigint, p_rep text,
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

    insert into rep (tenant_id, id, username, roles, created_at, last_seen_at)
    values (p_tenant, p_rep, p_rep_name, cast(p_roles as jsonb), now(), now())
    on conflict (tenant_id, id) do update set username = excluded.username, roles = excluded.roles,
                                              last_seen_at = now()
    where rep.username is distinct from excluded.username or rep.roles is distinct from excluded.roles
       or rep.last_seen_at < now() - interval '1 minute';
    select * into v_rep from rep r where r.tenant_id = p_tenant and r.id = p_rep for update;

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
