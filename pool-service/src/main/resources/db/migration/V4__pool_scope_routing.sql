-- Who may see and claim a pool's leads, who administers it (an object: reactive JSON columns must not be
-- top-level arrays), and which new leads it takes.
alter table pool add column admins jsonb not null default '{"userIds": []}';
alter table pool add column scope jsonb not null default '{}';
alter table pool add column routing jsonb not null default '{}';
