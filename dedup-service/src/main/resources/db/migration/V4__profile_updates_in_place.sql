-- A profile changes state and owner with every claim, release and recycle of its lead. None of those
-- columns is indexed, so PostgreSQL can update the row in place (a HOT update, no index touched) when its
-- page has room; without room the new version goes to another page and every index gets an entry,
-- among them the trigram index, ten to thirty entries a name. Profiles are inserted in bulk by imports,
-- which fill pages to the brim: leave a fifth of each new page free.
alter table lead_profile set (fillfactor = 80);
