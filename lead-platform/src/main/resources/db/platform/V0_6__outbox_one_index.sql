-- The outbox is a queue read and deleted in the order of seq; nothing looks a row up by its event id, which
-- UUIDv7 makes unique by construction. Its unique index cost every event an index entry on insert and a
-- look-up on delete (three events a lead on an import's path), for no query.
alter table outbox drop constraint outbox_id_key;
