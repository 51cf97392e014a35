-- Who a rep is besides their profile: the realm roles of their last token (only sales reps are handed leads
-- automatically, and a pool's scope may name roles), and leave (no automatic hand-outs until then). Reps known
-- before have no roles until their next call records them.
alter table rep add column roles jsonb;
alter table rep add column away_until timestamptz;
