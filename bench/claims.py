#!/usr/bin/env python3
"""Claims per second through HTTP with real Keycloak tokens, against pgbench -N on the same PostgreSQL.

Setup (not measured): REPS bench reps in Keycloak, a pool without limits, LEADS leads inserted IN_POOL by SQL.
Each round: CONNECTIONS keep-alive connections, one rep per connection (a rep's claims come one after another,
as from one phone), every request claims a different lead for SECONDS; then pgbench -N with the same number of
clients for the same time on a `bench` database of the same server. ROUNDS rounds; medians and spreads.
"""
import json, os, re, statistics, subprocess, sys, time
import benchlib as b

REPS = int(os.environ.get("BENCH_REPS", "16"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
LEADS = int(os.environ.get("BENCH_LEADS", "150000"))
REALM = "acme"


def setup():
    names = [f"bench-rep-{i:02d}" for i in range(REPS)]
    b.ensure_reps(REALM, names)
    tokens = [b.token(n, REALM) for n in names]
    admin = b.token("alice", REALM)
    status, pools = b.http("GET", f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1/pools", admin)
    pool = next((p for p in pools if p["name"] == "Bench claims"), None)
    if pool is None:
        status, pool = b.http("POST", f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1/pools", admin, {
            "name": "Bench claims", "routing": {"priority": 0, "match": {"region": ["Bench-only"]}},
            "rules": {"followUpTimeout": "P3D", "maskContactsInPool": True}})
        assert status == 201, (status, pool)
    for t in tokens:  # reps become known on first use
        b.http("GET", f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1/me/leads", t)
    # Bench rows only; foreign-key checks are off for this session (leads are never deleted by the product,
    # so their referencing columns carry no index of their own and the checks would scan).
    b.psql("pool", "set session_replication_role = replica;"
                   " delete from notification n using lead l where l.tenant_id = 'acme' and l.id = n.lead_id and l.name = 'claims-bench';"
                   " delete from lead_history h using lead l where l.tenant_id = 'acme' and l.id = h.lead_id and l.name = 'claims-bench';"
                   " delete from lead where name = 'claims-bench'; analyze lead;", superuser=True)
    b.psql("pool", f"insert into lead (id, tenant_id, pool_id, state, name, company, phone, version, pooled_at,"
                   f" created_at, updated_at, stage) select gen_random_uuid(), 'acme', '{pool['id']}', 'IN_POOL',"
                   f" 'claims-bench', 'Bench Co ' || g, '+8613' || lpad(g::text, 9, '0'), 0, now() - interval '1 day',"
                   f" now(), now(), 'NEW' from generate_series(1, {LEADS}) g; analyze lead;")
    ids = [r[0] for r in b.psql("pool", "select id from lead where name = 'claims-bench' and state = 'IN_POOL'")]
    return tokens, ids


def pgbench_tps():
    out = subprocess.run(["pgbench", "-h", b.PG["host"], "-p", b.PG["port"], "-U", b.PG["user"], "-N", "-M",
                          "prepared", "-c", str(CONNECTIONS), "-j", "2", "-T", str(SECONDS), "-r", "bench"],
                         env=dict(os.environ, PGPASSWORD=b.PG["password"]), check=True, capture_output=True,
                         text=True).stdout
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out).group(1))
    lat = float(re.search(r"latency average = ([0-9.]+) ms", out).group(1))
    return tps, lat


def main():
    tokens, ids = setup()
    if not b.psql("postgres", "select 1 from pg_database where datname = 'bench'", superuser=True):
        b.psql("postgres", "create database bench owner leadpool_owner", superuser=True)
        subprocess.run(["pgbench", "-h", b.PG["host"], "-p", b.PG["port"], "-U", b.PG["user"], "-i", "-s", "10",
                        "-q", "bench"], env=dict(os.environ, PGPASSWORD=b.PG["password"]), check=True,
                       capture_output=True)
    paths = [f"/api/v1/leads/{i}/claim" for i in ids]
    # Warm-up: the JIT, the connection pools, the token caches.
    b.drive(paths, lambda c: tokens[c % len(tokens)], CONNECTIONS, WARMUP)
    rounds = []
    for r in range(ROUNDS):
        before = b.cpu_snapshot()
        rate, lat, statuses = b.drive(paths, lambda c: tokens[c % len(tokens)], CONNECTIONS, SECONDS)
        after = b.cpu_snapshot()
        claims = sum(statuses.values())
        tps, pg_lat = pgbench_tps()
        rounds.append({"claims_per_s": rate, "p50_ms": b.pct(lat, 50) * 1000, "p99_ms": b.pct(lat, 99) * 1000,
                       "statuses": statuses, "pgbench_tps": tps, "pgbench_latency_ms": pg_lat,
                       "ratio": rate / tps,
                       "cpu_ms_per_claim": b.cpu_ms_per(before, after, claims)})
        rounds[-1]["pool_service_cpu_ms_per_claim"] = rounds[-1]["cpu_ms_per_claim"]["pool"]
        rounds[-1]["machine_cpu_ms_per_claim"] = rounds[-1]["cpu_ms_per_claim"]["machine"]
        print(json.dumps(rounds[-1]), flush=True)
        if len(paths) < SECONDS * 5000:
            print("warning: few leads left for another round", file=sys.stderr)
    result = {"connections": CONNECTIONS, "reps": REPS, "seconds": SECONDS, "rounds": rounds}
    for key in ("claims_per_s", "p50_ms", "p99_ms", "pgbench_tps", "ratio", "pool_service_cpu_ms_per_claim",
                "machine_cpu_ms_per_claim"):
        result[key] = b.median_spread([r[key] for r in rounds])
    result["cpu_ms_per_claim"] = {k: statistics.median(r["cpu_ms_per_claim"][k] for r in rounds)
                                  for k in rounds[0]["cpu_ms_per_claim"]}
    result["non_200"] = sum(n for r in rounds for code, n in r["statuses"].items() if code != 200)
    json.dump(result, open(os.path.join(os.path.dirname(__file__), "results", "claims.json"), "w"), indent=1)
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}))


if __name__ == "__main__":
    main()
