-- Conversion: a lead becomes a contact of an account and an opportunity. A converted lead keeps its owner
-- (who converted it), so "owned" now means OWNED, LOCKED or CONVERTED; holding limits count only the first two.
alter table lead drop constraint lead_check;
alter table lead add constraint lead_owner_by_state check ((state in ('OWNED', 'LOCKED', 'CONVERTED')) = (owner_id is not null));
alter table lead add column converted_at timestamptz;
alter table lead add column account_id uuid;
alter table lead add column contact_id uuid;
alter table lead add column opportunity_id uuid;

create table account (
    id          uuid        primary key,
    tenant_id   text        not null,
    name        text        not null,
    company_key text,
    owner_id    text        not null,
    created_at  timestamptz not null
);
-- One account per company key and tenant: conversions of two leads of one company meet here.
create unique index account_company on account (tenant_id, company_key) where company_key is not null;

create table contact (
    id         uuid        primary key,
    tenant_id  text        not null,
    account_id uuid        not null references account (id),
    lead_id    uuid        references lead (id),
    name       text,
    phone      text,
    email      text,
    owner_id   text        not null,
    created_at timestamptz not null
);
create index contact_account on contact (tenant_id, account_id);

create table opportunity (
    id         uuid          primary key,
    tenant_id  text          not null,
    account_id uuid          not null references account (id),
    contact_id uuid          not null references contact (id),
    lead_id    uuid          references lead (id),
    name       text          not null,
    amount     numeric(15, 2),
    stage      text          not null default 'OPEN',
    owner_id   text          not null,
    created_at timestamptz   not null
);
create index opportunity_account on opportunity (tenant_id, account_id);
