#!/usr/bin/env python3
"""The recycle sweep: DUE leads whose follow-up deadline passes at the same instant T, among TRACKED deadlines
in the scheduler, through the whole path (scheduler sweep -> outbox -> Kafka -> pool-service recycle).

Setup (not measured): DUE owned leads in a bench pool of tenant acme, their deadline rows in the scheduler at
the same version, and TRACKED - DUE filler rows (tenant `bench`, due in 30 days) so the sweep works on a table of
TRACKED rows. T is LEAD_TIME seconds after setup. Measured: when each lead is back in the pool (its RECYCLED
history row) relative to T: p50, p99, max, and the time until all are back. Goal: all within 60 s of T.
RUNS runs, each with fresh rows, after a warm-up run of WARMUP_DUE due leads (not measured); the median of the runs
with min-max. Beside each run: the CPU milliseconds per recycle of each component, from T until the recycles'
events have reached the scheduler.
"""
import json, os, sys, time, uuid
import benchlib as b

DUE = int(os.environ.get("BENCH_SWEEP_DUE", "100000"))
TRACKED = int(os.environ.get("BENCH_SWEEP_TRACKED", "1000000"))
LEAD_TIME = int(os.environ.get("BENCH_SWEEP_LEAD_TIME", "90"))
TIMEOUT = int(os.environ.get("BENCH_SWEEP_TIMEOUT", "600"))
RUNS = int(os.environ.get("BENCH_SWEEP_RUNS", "3"))
POLL_S = float(os.environ.get("BENCH_SWEEP_POLL_S", "5"))
WARMUP_DUE = int(os.environ.get("BENCH_SWEEP_WARMUP_DUE", str(DUE)))


def cleanup(pool_id):
    # Bench rows only; foreign-key checks are off for this session (leads are never deleted by the product,
    # so their referencing columns carry no index of their own and the checks would scan).
    b.psql("pool", "set session_replication_role = replica;"
                   " delete from notification n using lead l where l.tenant_id = 'acme' and l.id = n.lead_id and l.name = 'sweep-bench';"
                   " delete from lead_history h using lead l where l.tenant_id = 'acme' and l.id = h.lead_id and l.name = 'sweep-bench';"
                   " delete from lead where name = 'sweep-bench'; analyze lead;", superuser=True)
    b.psql("scheduler", f"delete from deadline where tenant_id = 'bench' or (tenant_id = 'acme' and pool_id = '{pool_id}');")


def bench_pool():
    admin = b.token("alice", "acme")
    status, pools = b.http("GET", f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1/pools", admin)
    pool = next((p for p in pools if p["name"] == "Bench sweep"), None)
    if pool is None:
        status, pool = b.http("POST", f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1/pools", admin, {
            "name": "Bench sweep", "routing": {"priority": 0, "match": {"region": ["Bench-only"]}},
            "rules": {"followUpTimeout": "P3D"}})
        assert status == 201, (status, pool)
    return pool


def one_run(pool, due=DUE):
    cleanup(pool["id"])
    t0 = time.time()
    b.psql("scheduler", f"insert into deadline (tenant_id, lead_id, kind, version, owner_id, due_at, target_at)"
                        f" select 'bench', gen_random_uuid(), 'FOLLOW_UP', 1, 'filler', now() + interval '30 days',"
                        f" now() + interval '30 days' from generate_series(1, {TRACKED - due});")
    due_at = b.psql("pool", f"select to_char((now() + interval '{LEAD_TIME} seconds') at time zone 'UTC',"
                            f" 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]
    ids = [str(uuid.uuid4()) for _ in range(due)]
    now = b.psql("pool", "select to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]
    b.copy("pool", "lead", ["id", "tenant_id", "pool_id", "state", "owner_id", "name", "company", "version",
                            "owned_since", "follow_up_due_at", "follow_up_rule", "pooled_at", "created_at",
                            "updated_at", "stage"],
           ((i, "acme", pool["id"], "OWNED", "sweep-bench-owner", "sweep-bench", f"Sweep Co {n}", "1", now, due_at,
             "followUpTimeout", now, now, now, "NEW") for n, i in enumerate(ids)))
    b.psql("pool", "analyze lead")
    b.copy("scheduler", "deadline", ["tenant_id", "lead_id", "kind", "version", "owner_id", "pool_id", "due_at",
                                     "target_at"],
           (("acme", i, "FOLLOW_UP", "1", "sweep-bench-owner", pool["id"], due_at, due_at) for i in ids))
    b.psql("scheduler", "analyze deadline")
    tracked = int(b.psql("scheduler", "select count(*) from deadline")[0][0])
    due_epoch = float(b.psql("pool", f"select extract(epoch from '{due_at}'::timestamptz)")[0][0])
    setup_s = time.time() - t0
    print(f"setup {setup_s:.1f}s; {tracked} deadline rows tracked; {due} due at {due_at}", flush=True)
    if setup_s > LEAD_TIME - 2:
        print("warning: setup took longer than the lead time; raise BENCH_SWEEP_LEAD_TIME", file=sys.stderr)

    # Nothing is due before T: the CPU window opens exactly there (a snapshot taken at the first count after T could
    # miss up to POLL_S seconds of the sweep's start), and the counts start then.
    time.sleep(max(0.0, due_epoch - time.time()))
    start = time.time()
    cpu_before = b.cpu_snapshot()
    back = 0
    samples = []
    while time.time() - start < TIMEOUT:
        # The bench pool holds only this run's leads: an index-only count on lead_pool_listing, not a scan of
        # the lead table every POLL_S seconds beside the path it measures.
        back = int(b.psql("pool", f"select count(*) from lead where tenant_id = 'acme' and pool_id = '{pool['id']}'"
                                  f" and state = 'IN_POOL'")[0][0])
        samples.append((round(time.time() - start, 1), back))
        if back >= due:
            break
        time.sleep(POLL_S)
    # The path's whole work: until the recycles' own events have reached the scheduler too.
    settle(start)
    cpu = b.cpu_ms_per(cpu_before, b.cpu_snapshot(), due)
    rows = b.psql("pool", f"select percentile_cont(0.5) within group (order by extract(epoch from h.at - '{due_at}'::timestamptz)),"
                          f" percentile_cont(0.99) within group (order by extract(epoch from h.at - '{due_at}'::timestamptz)),"
                          f" max(extract(epoch from h.at - '{due_at}'::timestamptz)), min(extract(epoch from h.at - '{due_at}'::timestamptz)),"
                          f" count(*) from lead_history h join lead l on l.id = h.lead_id"
                          f" where l.name = 'sweep-bench' and h.action = 'RECYCLED'")[0]
    result = {"due": due, "tracked": tracked, "due_at": due_at, "recycled": int(rows[4]), "all_back": back >= due,
              "lateness_p50_s": float(rows[0]), "lateness_p99_s": float(rows[1]), "lateness_max_s": float(rows[2]),
              "earliest_s": float(rows[3]), "cpu_ms_per_recycle": cpu,
              "progress": samples[::max(1, round(5 / POLL_S))]}
    print(json.dumps({k: v for k, v in result.items() if k != "progress"}), flush=True)
    if os.environ.get("BENCH_KEEP") != "1":
        cleanup(pool["id"])
    return result


def settle(since, quiet_s=3, timeout_s=180):
    """Waits until the recycles' events have all reached the scheduler: pool-service's outbox is empty and the
    scheduler's inbox has taken nothing new for quiet_s seconds. A cleanup before that would see its deadline
    rows put back by late RECYCLED events, and the next run would track more than it says."""
    last, quiet, t0 = None, 0, time.time()
    while time.time() - t0 < timeout_s and quiet < quiet_s:
        pending = int(b.psql("pool", "select count(*) from outbox", superuser=True)[0][0])
        taken = int(b.psql("scheduler", f"select count(*) from inbox where processed_at >= to_timestamp({since})", superuser=True)[0][0])
        quiet = quiet + 1 if pending == 0 and taken == last else 0
        last = taken
        time.sleep(1)
    if quiet < quiet_s:
        print(f"warning: recycle events still arriving after {timeout_s} s; the next run may track more rows",
              file=sys.stderr)


def main():
    pool = bench_pool()
    if WARMUP_DUE > 0:
        # Not measured: services just started spend the first burst compiling its path (on 2026-11-30 the first
        # run took 137-201 s where the runs after it took 75-83 s), as the claims bench warms up before its rounds.
        print(f"warm-up: {WARMUP_DUE} due", flush=True)
        one_run(pool, WARMUP_DUE)
    runs = [one_run(pool) for _ in range(RUNS)]
    summary = {"due": DUE, "tracked": runs[0]["tracked"], "runs": runs,
               "all_back": all(r["all_back"] for r in runs), "recycled": [r["recycled"] for r in runs],
               **{k: b.median_spread([r[k] for r in runs])
                  for k in ("earliest_s", "lateness_p50_s", "lateness_p99_s", "lateness_max_s")}}
    summary["cpu_ms_per_recycle"] = {k: b.median_spread([r["cpu_ms_per_recycle"][k] for r in runs])
                                     for k in runs[0]["cpu_ms_per_recycle"]}
    json.dump(summary, open(os.path.join(os.path.dirname(__file__), "results", "sweep.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
