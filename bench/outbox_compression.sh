#!/usr/bin/env bash
# What compressing outbox payloads costs (platform migration V0_7, which stores them uncompressed): inserts of 20
# payloads of about 240 KB of lead JSON each (an import's batch event is a few hundred KB), into a logged table with
# PostgreSQL's default storage (pglz above 2 KB) and into one with storage external (out of line, uncompressed), on
# the local suite's PostgreSQL, in a scratch database (bench_outbox, dropped at the end). Three rounds; psql's \timing.
#   bench/outbox_compression.sh      (seconds; needs deploy/local/up.sh, LEADPOOL_SKIP_SERVICES=1 is enough)
set -euo pipefail
# shellcheck source=../deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../deploy/local/lib.sh"
DB=bench_outbox
pg_super -d postgres -c "drop database if exists ${DB}" -c "create database ${DB}"
trap 'pg_super -d postgres -c "drop database if exists ${DB}"' EXIT
pg_super -d "${DB}" -q <<'SQL'
create table compressed (payload text);
create table uncompressed (payload text);
alter table uncompressed alter column payload set storage external;
create table batch as select string_agg(format('{"intakeId":"%s","row":%s,"lead":{"name":"王伟%s","company":'
    '"上海星辰科技有限公司%s","phone":"199%s","email":"p%s@bench-import.cn","region":"上海","source":{"channel":'
    '"import","campaign":"bench"},"attributes":{}}}', gen_random_uuid(), i, i, i, 10000000 + i, i), ',') as json
    from generate_series(1, 1000) i;
SQL
for round in 1 2 3; do
  # each payload differs (the round and its number appended), so that none is copied already compressed
  printf "round %s: " "${round}"
  pg_super -d "${DB}" -At <<SQL | grep -E "^Time" | sed -E 's/^Time: ([0-9.]+) ms.*/\1 ms/' | paste -sd ' ' \
    | sed -E 's/^([^ ]+ ms) ([^ ]+ ms)$/pglz \1, uncompressed \2/'
\timing on
insert into compressed select json || '${round}.' || g from batch, generate_series(1, 20) g;
insert into uncompressed select json || '${round}.' || g from batch, generate_series(1, 20) g;
SQL
done
pg_super -d "${DB}" -At -c "select 'bytes inserted a round: ' || sum(length(payload)) / 3 from uncompressed"
