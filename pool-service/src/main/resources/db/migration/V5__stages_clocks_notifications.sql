-- A tenant's own settings: the time zone its day-based rules are counted in, and the tiers its reps can have
-- (an object column: reactive JSON columns cannot be top-level arrays).
create table tenant_settings (
    tenant_id  text        primary key,
    time_zone  text        not null,
    tiers      jsonb       not null,
    updated_at timestamptz not null
);

-- Sales stage and customer level of a lead; both clocks with the rule each comes from and its reminder time.
alter table lead add column stage text not null default 'NEW'
    check (stage in ('NEW', 'CONTACTED', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST'));
alter table lead add column level text;
alter table lead add column progress_since timestamptz;
alter table lead add column progress_due_at timestamptz;
alter table lead add column follow_up_rule text;
alter table lead add column progress_rule text;
alter table lead add column follow_up_remind_at timestamptz;
alter table lead add column progress_remind_at timestamptz;
update lead set progress_since = owned_since, follow_up_rule = 'followUpTimeout'
    where owner_id is not null;
update lead set follow_up_rule = null where follow_up_due_at is null;
create index lead_owned_in_pool on lead (tenant_id, pool_id) where state = 'OWNED';

-- What a rep was told: reminders ahead of deadlines, leads taken back, leads of theirs brought in again.
-- `about` names what the notice is about (a lead version for reminders and recycles, an intake for touches):
-- one notice per lead and `about`, so a command delivered twice tells the rep once.
create table notification (
    id          uuid        primary key,
    tenant_id   text        not null,
    rep_id      text        not null,
    lead_id     uuid        not null references lead (id),
    kind        text        not null check (kind in ('FOLLOW_UP_DUE_SOON', 'PROGRESS_DUE_SOON', 'LEAD_RECYCLED',
                                                     'LEAD_TOUCHED')),
    about       text        not null,
    deadline_at timestamptz,
    message     text        not null,
    created_at  timestamptz not null,
    read_at     timestamptz,
    unique (tenant_id, lead_id, kind, about)
);
create index notification_rep on notification (tenant_id, rep_id, created_at desc);
