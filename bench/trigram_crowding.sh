#!/usr/bin/env bash
# What one company search costs when names crowd together (docs/architecture.md, "The company search costs
# what the neighbourhood of a name holds"): pg_trgm on the local suite's PostgreSQL, in a scratch database
# (bench_trigram, UTF-8 ctype as dedup's, dropped at the end), the query dedup's company_candidates_all runs for each lead.
#   bench/trigram_crowding.sh        (about 2 minutes; needs deploy/local/up.sh, LEADPOOL_SKIP_SERVICES=1 is enough)
# Prints, from EXPLAIN ANALYZE, the execution time and the rows the GIN index handed back, for:
#   60,000 names alike but for a number (导入测试<n>), candidate similarity 0.4 (dedup's default) and 0.7;
#   1,000,000 varied names (two to five random characters), similarity 0.4;
#   both again ordered by distance over a GiST index (<->) instead.
set -euo pipefail
# shellcheck source=../deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../deploy/local/lib.sh"
DB=bench_trigram
pg_super -d postgres -c "drop database if exists ${DB}" \
  -c "create database ${DB} template template0 lc_ctype 'C.UTF-8' lc_collate 'C'"
trap 'pg_super -d postgres -c "drop database if exists ${DB}"' EXIT
echo "filling: 60,000 alike names, 1,000,000 varied names, their GIN indexes"
pg_super -d "${DB}" <<'SQL'
create extension pg_trgm;
create table alike (id bigint primary key, company_key text not null, core_key text not null);
insert into alike select i, '导入测试' || i, '导入测试' || i from generate_series(1, 60000) i;
create table varied (id bigint primary key, company_key text not null, core_key text not null);
insert into varied select i, k, k from (select i, (select string_agg(chr(19968 + (random() * 3000)::int), '')
    from generate_series(1, 2 + (random() * 3)::int + 0 * i)) k from generate_series(1, 1000000) i) x;
insert into varied values (0, '星辰海岳', '星辰海岳');
create index alike_gin on alike using gin (core_key gin_trgm_ops) with (fastupdate = off);
create index varied_gin on varied using gin (core_key gin_trgm_ops) with (fastupdate = off);
analyze alike; analyze varied;
SQL
# One search as company_candidates_all makes it: the trigram filter, the same key first, the most similar next.
search() { # table, name, similarity
  printf "%-7s %-14s similarity %s (GIN):   " "$1" "$2" "$3"
  pg_super -d "${DB}" -At <<SQL | grep -E "Bitmap Index Scan|Bitmap Heap Scan|Execution Time" \
    | sed -E 's/.*Bitmap Heap Scan.* rows=([0-9]+) loops.*/\1 passed the recheck;/;
              s/.*Bitmap Index Scan on ([a-z_]+).* rows=([0-9]+) loops.*/\1 handed back \2,/;
              s/.*Execution Time: /took /' | tr '\n' ' '
set enable_seqscan = off; set enable_indexscan = off; set pg_trgm.similarity_threshold = $3;
explain analyze select id, similarity(core_key, '$2') from $1 where core_key % '$2'
 order by company_key = '$2' desc, similarity(core_key, '$2') desc limit 5;
SQL
  echo
}
nearest() { # table, name
  printf "%-7s %-14s ordered by <-> (GiST): " "$1" "$2"
  pg_super -d "${DB}" -At <<SQL | grep "Execution Time" | sed 's/.*Execution Time: /took /'
set enable_seqscan = off; set enable_bitmapscan = off;
explain analyze select id from $1 order by core_key <-> '$2' limit 5;
SQL
}
for run in 1 2; do # the first run reads the indexes into memory; the second is what a busy dedup sees
  echo "-- GIN, run ${run}"
  search alike 导入测试30001 0.4
  search alike 导入测试30001 0.7
  search varied 星辰海岳 0.4
done
# GiST only now: with both, the planner takes GiST for % as well.
pg_super -d "${DB}" -c "drop index alike_gin" -c "drop index varied_gin" \
  -c "create index alike_gist on alike using gist (core_key gist_trgm_ops(siglen = 128))" \
  -c "create index varied_gist on varied using gist (core_key gist_trgm_ops(siglen = 128))"
for run in 1 2; do
  echo "-- GiST, run ${run}"
  nearest alike 导入测试30001
  nearest varied 星辰海岳
done
