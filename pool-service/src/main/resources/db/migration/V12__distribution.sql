-- Automatic distribution (ROUND_ROBIN, WEIGHTED, SKILL_MATCH).

-- What reps received and converted, by the receiving rep and time: WEIGHTED's performance over a window, and the
-- claim quota, which counts what a rep took from a pool by claim or automatic hand-out.
create index lead_history_received on lead_history (tenant_id, to_owner, at)
    where action in ('CLAIMED', 'ASSIGNED', 'TRANSFERRED', 'CONVERTED');

-- A pool's rotation. Every automatic hand-out of the pool first advances `turn` with one conditional upsert,
-- which holds the row until its transaction ends: hand-outs of one pool are serial across threads and
-- replicas, and each sees the rotation as the one before left it. `virtual_time` is the start tag of the
-- last rep served (start-time fair queueing); `backlog_run_at` claims a scheduled backlog run.
create table pool_rotation (
    tenant_id      text             not null,
    pool_id        uuid             not null references pool (id) on delete cascade,
    turn           bigint           not null default 0,
    virtual_time   double precision not null default 0,
    backlog_run_at timestamptz,
    primary key (tenant_id, pool_id)
);

-- Each rep's place in a pool's rotation: served when their pass is the smallest; a pass grows by 1/weight per
-- lead received. A rep coming back (from leave, from their limit) re-enters at the pool's virtual time.
create table rotation_share (
    tenant_id text             not null,
    pool_id   uuid             not null references pool (id) on delete cascade,
    rep_id    text             not null,
    pass      double precision not null,
    received  bigint           not null default 0,
    primary key (tenant_id, pool_id, rep_id)
);

-- Per tenant day, pool, rep and mode: leads handed out automatically, and the rep's fair share of them (each
-- hand-out gives every rep eligible at that moment weight / total weight).
create table distribution_tally (
    tenant_id text             not null,
    day       date             not null,
    pool_id   uuid             not null,
    rep_id    text             not null,
    mode      text             not null,
    received  bigint           not null default 0,
    fair      double precision not null default 0,
    primary key (tenant_id, day, pool_id, rep_id, mode)
);
