#!/usr/bin/env python3
"""Event latency from commit to the consumer's effect, at a steady rate (default 2,000 events/s).

The events are pool-service's own: `OwnershipChanged` (a claim, with a follow-up deadline) written into
pool-service's outbox table in transactions of RATE/100 rows every 10 ms, exactly as a claim's transaction
writes them, so what is measured is the path every event takes: outbox relay -> Kafka -> the consumers'
inbox and effect, in scheduler-service (the deadline is tracked) and dedup-service (the lead's state).
Both ends are read from PostgreSQL's commit timestamps (`track_commit_timestamp`, on in deploy/local):
the producing transaction's commit and the consumer's transaction that inserted the inbox row together
with the effect. Beside it, in the same run: Kafka's own `ProducerPerformance` at the same rate and
record size (acks=all), the latency of the broker alone.
"""
import json, os, subprocess, tempfile, time, uuid

from benchlib import PG, PG_SOCKET, REPO, median_spread, pct, psql

RATE = int(os.environ.get("BENCH_EVENT_RATE", "2000"))
SECONDS = int(os.environ.get("BENCH_EVENT_SECONDS", "30"))
ROUNDS = int(os.environ.get("BENCH_EVENT_ROUNDS", "3"))
TICK = 0.010
TYPE = "io.leadpool.lead.ownership-changed.v1"
CONSUMERS = {"scheduler": ("scheduler", "scheduler.pool-event"), "dedup": ("dedup", "dedup.pool-events")}
ISO = """to_char((%s) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def produce(pool, per_tick, ticks, sent_csv):
    """Writes per_tick events per transaction every TICK seconds through one psql session; the session
    remembers each event and its transaction in a temporary table and copies both out at the end."""
    insert = f"""with e as (select gen_random_uuid() id, gen_random_uuid() lead from generate_series(1, {per_tick})),
 s as (insert into outbox (id, tenant_id, topic, message_key, event_type, payload)
   select e.id, 'acme', 'lead-pool.events', e.lead::text, '{TYPE}', json_build_object(
     'specversion', '1.0', 'id', e.id, 'type', '{TYPE}', 'source', '/bench-events', 'subject', e.lead,
     'time', {ISO % 'now()'}, 'datacontenttype', 'application/json', 'tenantid', 'acme',
     'data', json_build_object('leadId', e.lead, 'poolId', '{pool}', 'action', 'CLAIMED', 'toOwner', 'bench-events',
       'actor', 'bench-events', 'version', 1, 'at', {ISO % 'now()'},
       'deadlines', json_build_object('followUpDueAt', {ISO % "now() + interval '30 days'"})))::text
   from e returning id)
insert into sent select id from s;
"""
    proc = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_SOCKET, "-p", PG["port"],
                             "-U", "postgres", "pool"], stdin=subprocess.PIPE, text=True)
    proc.stdin.write("create temp table sent (id uuid);\n")
    proc.stdin.flush()
    start = time.monotonic()
    late = 0
    for k in range(ticks):
        wait = start + k * TICK - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        elif wait < -TICK:
            late += 1
        proc.stdin.write(insert)
        proc.stdin.flush()
    proc.stdin.write(f"\\copy (select id, extract(epoch from pg_xact_commit_timestamp(xmin)) from sent) to '{sent_csv}' csv\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("producing the events failed")
    return late


def committed(path):
    return {row.split(",")[0]: float(row.split(",")[1]) for row in open(path).read().split()}


def effects(db, consumer, since):
    """The consumer's inbox rows since `since`, each with its transaction's commit time (epoch seconds)."""
    rows = psql(db, f"select event_id, extract(epoch from pg_xact_commit_timestamp(xmin)) from inbox"
                    f" where consumer = '{consumer}' and event_type = '{TYPE}' and processed_at >= to_timestamp({since})",
                superuser=True)
    return {r[0]: float(r[1]) for r in rows if r[1]}


def one_round(n):
    pool = str(uuid.uuid4())
    per_tick = max(1, round(RATE * TICK))
    ticks = int(SECONDS / TICK)
    since = float(psql("pool", "select extract(epoch from now())", superuser=True)[0][0]) - 1
    with tempfile.TemporaryDirectory() as tmp:
        sent_csv = os.path.join(tmp, "sent.csv")
        late_ticks = produce(pool, per_tick, ticks, sent_csv)
        sent = committed(sent_csv)
    deadline = time.monotonic() + 300
    seen = {}
    while time.monotonic() < deadline:
        seen = {name: effects(db, consumer, since) for name, (db, consumer) in CONSUMERS.items()}
        if all(len(set(sent) & set(s)) == len(sent) for s in seen.values()):
            break
        time.sleep(2)
    first, last = min(sent.values()), max(sent.values())
    result = {"events": len(sent), "rate": len(sent) / (last - first), "late_ticks": late_ticks, "consumers": {}}
    for name, s in seen.items():
        lat = [(s[i] - t) * 1000 for i, t in sent.items() if i in s]
        result["consumers"][name] = {"applied": len(lat), "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99),
                                     "max_ms": max(lat) if lat else float("nan")}
    # The bench's deadlines and inbox rows go again; the effects were the point.
    psql("scheduler", f"delete from deadline where pool_id = '{pool}'", superuser=True)
    for db, consumer in CONSUMERS.values():
        psql(db, f"delete from inbox where consumer = '{consumer}' and event_type = '{TYPE}'"
                 f" and processed_at >= to_timestamp({since})", superuser=True)
    c = result["consumers"]
    print(f"round {n}: {result['events']} events at {result['rate']:.0f}/s; scheduler p50 {c['scheduler']['p50_ms']:.0f} ms"
          f" p99 {c['scheduler']['p99_ms']:.0f} ms; dedup p50 {c['dedup']['p50_ms']:.0f} ms p99 {c['dedup']['p99_ms']:.0f} ms",
          flush=True)
    return result


def kafka_baseline(records):
    """Kafka's producer perf tool at the same rate, acks=all, records of an event's size."""
    tool = os.path.join(REPO, "deploy/local/kafka-tool.sh")
    subprocess.run([tool, "topics", "--create", "--if-not-exists", "--topic", "bench-producer-perf", "--partitions", "3",
                    "--replication-factor", "1"], check=True, capture_output=True)
    out = subprocess.run([tool, "org.apache.kafka.tools.ProducerPerformance", "--topic", "bench-producer-perf",
                          "--num-records", str(records), "--throughput", str(RATE), "--record-size", "900",
                          "--producer-props", "bootstrap.servers=127.0.0.1:19092", "acks=all", "linger.ms=2"],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    # "N records sent, R records/sec (…), A ms avg latency, M ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, …"
    parts = [p.strip() for p in out.split(",")]
    number = lambda label: float(next(p for p in parts if p.endswith(label)).split()[0])
    return {"rate": float(parts[1].split()[0]), "p50_ms": number("50th"), "p99_ms": number("99th"),
            "max_ms": number("max latency"), "line": out}


def main():
    if psql("pool", "show track_commit_timestamp", superuser=True)[0][0] != "on":
        raise SystemExit("track_commit_timestamp is off: restart the suite (deploy/local/down.sh && deploy/local/up.sh)")
    rounds, baselines = [], []
    one_round(0)  # warm-up: the consumers' first batches pay for JIT and connections
    for n in range(1, ROUNDS + 1):
        rounds.append(one_round(n))
        baselines.append(kafka_baseline(RATE * SECONDS))
        print(f"  kafka ProducerPerformance: {baselines[-1]['line']}", flush=True)
    summary = {"rate_goal": RATE, "seconds": SECONDS, "rounds": rounds,
               "rate": median_spread([r["rate"] for r in rounds]),
               "kafka_producer_p50_ms": median_spread([b["p50_ms"] for b in baselines]),
               "kafka_producer_p99_ms": median_spread([b["p99_ms"] for b in baselines]),
               "kafka_producer_rate": median_spread([b["rate"] for b in baselines])}
    for name in CONSUMERS:
        for figure in ("p50_ms", "p99_ms", "max_ms"):
            summary[f"{name}_{figure}"] = median_spread([r["consumers"][name][figure] for r in rounds])
        summary[f"{name}_missing"] = sum(r["events"] - r["consumers"][name]["applied"] for r in rounds)
    json.dump(summary, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "events.json"), "w"),
              indent=1)


if __name__ == "__main__":
    main()
