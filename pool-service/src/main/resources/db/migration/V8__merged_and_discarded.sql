-- A company conflict (撞单) resolved by merging the new lead into the existing one, or by discarding it,
-- ends the new lead's life: it keeps its history but is no one's and in no listing.
alter table lead drop constraint lead_state_check;
alter table lead add constraint lead_state_check
    check (state in ('IN_POOL', 'OWNED', 'LOCKED', 'CONVERTED', 'INVALID', 'MERGED', 'DISCARDED'));
