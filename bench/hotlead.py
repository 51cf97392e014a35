#!/usr/bin/env python3
"""The hot lead: CLAIMERS reps claim the same lead at the same instant, ROUNDS times, in each of RUNS runs.

Setup (not measured): CLAIMERS bench reps in Keycloak, a pool without limits, RUNS x ROUNDS leads (and WARMUP) inserted
IN_POOL by SQL.
Each round: every rep's keep-alive connection sends its claim of that round's lead at once; the round ends when
all have answered. Checked: exactly one 200 per round (the others 409 ALREADY_CLAIMED), and the database holds
each lead with exactly one owner. Measured: latency of every claim (p50, p99), the round time (first request
sent to last answer), claims answered per second; per run, then the median of the runs with min-max.
"""
import asyncio, json, os, statistics, time
import benchlib as b

CLAIMERS = int(os.environ.get("BENCH_HOT_CLAIMERS", "200"))
ROUNDS = int(os.environ.get("BENCH_HOT_ROUNDS", "1000"))
WARMUP = int(os.environ.get("BENCH_HOT_WARMUP", "20"))
RUNS = int(os.environ.get("BENCH_HOT_RUNS", "3"))
REALM = "acme"
NAME = "hot-lead-bench"


def setup():
    names = [f"bench-hot-{i:03d}" for i in range(CLAIMERS)]
    b.ensure_reps(REALM, names)
    tokens = [b.token(n, REALM) for n in names]
    admin = b.token("alice", REALM)
    base = f"http://{b.POOL_HOST}:{b.POOL_PORT}/api/v1"
    status, pools = b.http("GET", f"{base}/pools", admin)
    pool = next((p for p in pools if p["name"] == "Bench hot lead"), None)
    if pool is None:
        status, pool = b.http("POST", f"{base}/pools", admin, {
            "name": "Bench hot lead", "routing": {"priority": 0, "match": {"region": ["Bench-hot-only"]}},
            "rules": {"followUpTimeout": "P3D"}})
        assert status == 201, (status, pool)
    for t in tokens:  # reps become known on first use
        b.http("GET", f"{base}/me/leads", t)
    b.psql("pool", "set session_replication_role = replica;"
                   f" delete from notification n using lead l where l.tenant_id = 'acme' and l.id = n.lead_id and l.name = '{NAME}';"
                   f" delete from lead_history h using lead l where l.tenant_id = 'acme' and l.id = h.lead_id and l.name = '{NAME}';"
                   f" delete from lead where name = '{NAME}';", superuser=True)
    b.psql("pool", f"insert into lead (id, tenant_id, pool_id, state, name, company, phone, version, pooled_at,"
                   f" created_at, updated_at, stage) select gen_random_uuid(), 'acme', '{pool['id']}', 'IN_POOL',"
                   f" '{NAME}', 'Hot Co ' || g, '+8614' || lpad(g::text, 9, '0'), 0, now() - interval '1 day',"
                   f" now(), now(), 'NEW' from generate_series(1, {RUNS * ROUNDS + WARMUP}) g; analyze lead;")
    ids = [r[0] for r in b.psql("pool", f"select id from lead where name = '{NAME}' and state = 'IN_POOL'")]
    return tokens, ids


async def run(tokens, ids, warmup):
    conns = [await asyncio.open_connection(b.POOL_HOST, b.POOL_PORT) for _ in tokens]

    async def claim(i, lead):
        reader, writer = conns[i]
        t0 = time.perf_counter()
        writer.write((f"POST /api/v1/leads/{lead}/claim HTTP/1.1\r\nHost: {b.POOL_HOST}\r\n"
                      f"Authorization: Bearer {tokens[i]}\r\nContent-Length: 0\r\n\r\n").encode())
        await writer.drain()
        code = await b.read_status(reader)
        return code, time.perf_counter() - t0

    latencies, round_times, bad_rounds, statuses = [], [], [], {}
    for n, lead in enumerate(ids):
        t0 = time.perf_counter()
        answers = await asyncio.gather(*[claim(i, lead) for i in range(len(tokens))])
        if n < warmup:
            continue
        round_times.append(time.perf_counter() - t0)
        winners = sum(1 for code, _ in answers if code == 200)
        for code, lat in answers:
            statuses[code] = statuses.get(code, 0) + 1
            latencies.append(lat)
        if winners != 1 or any(code not in (200, 409) for code, _ in answers):
            bad_rounds.append({"lead": lead, "codes": sorted(code for code, _ in answers)})
    for _, writer in conns:
        writer.close()
    return latencies, round_times, bad_rounds, statuses


def main():
    tokens, ids = setup()
    runs, bad_rounds, statuses = [], [], {}
    for n in range(RUNS):
        warmup = WARMUP if n == 0 else 0
        chunk = ids[n * ROUNDS + (0 if n == 0 else WARMUP):(n + 1) * ROUNDS + WARMUP]
        start, cpu_before = time.monotonic(), b.cpu_snapshot()
        latencies, round_times, bad, answered = asyncio.run(run(tokens, chunk, warmup))
        elapsed, cpu_after = time.monotonic() - start, b.cpu_snapshot()
        bad_rounds += bad
        for code, count in answered.items():
            statuses[code] = statuses.get(code, 0) + count
        runs.append({"p50_ms": round(b.pct(latencies, 50) * 1000, 1), "p99_ms": round(b.pct(latencies, 99) * 1000, 1),
                     "max_ms": round(max(latencies) * 1000, 1),
                     "round_p50_ms": round(b.pct(round_times, 50) * 1000, 1),
                     "round_p99_ms": round(b.pct(round_times, 99) * 1000, 1),
                     "claims_per_s": round(len(latencies) / elapsed), "bad_rounds": len(bad),
                     "cpu_ms_per_answer": b.cpu_ms_per(cpu_before, cpu_after, len(latencies))})
        print(f"run {n + 1}: {runs[-1]}", flush=True)
    owners = b.psql("pool", "select count(*) filter (where state = 'OWNED' and owner_id is not null),"
                            " count(*) filter (where state <> 'OWNED' or owner_id is null),"
                            " (select count(*) from lead_history h join lead l on l.tenant_id = h.tenant_id and"
                            f" l.id = h.lead_id where l.name = '{NAME}' and h.action = 'CLAIMED')"
                            f" from lead where name = '{NAME}'")[0]
    result = {"claimers": len(tokens), "rounds": ROUNDS, "runs": runs, "warmup": WARMUP,
              **{k: b.median_spread([r[k] for r in runs]) for k in
                 ("p50_ms", "p99_ms", "max_ms", "round_p50_ms", "round_p99_ms", "claims_per_s")},
              "cpu_ms_per_answer": {k: statistics.median(r["cpu_ms_per_answer"][k] for r in runs)
                                    for k in runs[0]["cpu_ms_per_answer"]},
              "statuses": statuses, "rounds_with_not_one_winner": len(bad_rounds), "bad_rounds": bad_rounds[:5],
              "leads_owned": int(owners[0]), "leads_not_owned": int(owners[1]), "claimed_history_rows": int(owners[2])}
    json.dump(result, open(os.path.join(os.path.dirname(__file__), "results", "hotlead.json"), "w"), indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
