-- What a rep is good at (for skill routing) and which teams they belong to (managers act on their teams).
alter table rep add column skills jsonb not null default '{"industries":[],"regions":[],"products":[]}';
alter table rep add column teams jsonb not null default '[]';
alter table rep add column updated_at timestamptz;
