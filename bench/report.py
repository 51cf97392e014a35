#!/usr/bin/env python3
"""Writes bench/RESULTS.md from bench/results/*.json, with the machine, the versions and the goals."""
import datetime, json, os, platform, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    path = os.path.join(HERE, "results", name)
    return json.load(open(path)) if os.path.exists(path) else None


def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def mem_gib():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout.strip() or r.stderr.strip()).splitlines()[0]
    except Exception:
        return "?"


def fmt(triple, unit="", digits=0):
    m, lo, hi = triple
    return f"{m:,.{digits}f}{unit} ({lo:,.{digits}f}–{hi:,.{digits}f})"


lines = ["# Benchmark results", "",
         f"Written by `bench/run.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}.", "",
         f"- Machine: {os.cpu_count()} cores ({cpu()}), {mem_gib()} GiB RAM, {platform.platform()}",
         f"- {version(['java', '-version'])}; {version(['pgbench', '--version'])}; PostgreSQL 16.10 (zonky binaries);"
         " Kafka 4.3.1 KRaft; Keycloak 26.7.3; Quarkus 3.34.1",
         "- Everything (suite, databases, broker, identity provider, load client) on the same machine.", ""]
c = load("claims.json")
if c:
    ok = c["ratio"][0] >= 0.5
    lines += ["## Claims through HTTP vs `pgbench -N`", "",
              f"{c['connections']} keep-alive connections, one rep each ({c['reps']} reps, real Keycloak tokens),"
              f" every request claims a different lead; {len(c['rounds'])} rounds of {c['seconds']} s, each followed"
              f" by `pgbench -N -M prepared -c {c['connections']}` for as long on the same server. Median (min–max):", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| claims/s | {fmt(c['claims_per_s'])} | |",
              f"| pgbench -N TPS (baseline) | {fmt(c['pgbench_tps'])} | |",
              f"| ratio claims/s ÷ TPS | {fmt(c['ratio'], digits=2)} | ≥ 0.5 {'✅' if ok else '❌'} |",
              f"| claim latency p50 | {fmt(c['p50_ms'], ' ms', 1)} | |",
              f"| claim latency p99 | {fmt(c['p99_ms'], ' ms', 1)} | |",
              f"| non-200 answers | {c['non_200']} | 0 |"]
    if "machine_cpu_ms_per_claim" in c:
        lines += [f"| CPU per claim, pool-service | {fmt(c['pool_service_cpu_ms_per_claim'], ' ms', 2)} | |",
                  f"| CPU per claim, whole machine (suite, PostgreSQL, Kafka, client) |"
                  f" {fmt(c['machine_cpu_ms_per_claim'], ' ms', 2)} | |"]
    if "wal_records_per_claim" in c:
        lines += [f"| WAL records per claim (the server's, the consumers' share included) |"
                  f" {fmt(c['wal_records_per_claim'], digits=1)}; {fmt(c['wal_bytes_per_claim'], ' bytes')}, with"
                  f" {fmt(c['wal_fpi_per_claim'], digits=2)} full-page images | |",
                  f"| WAL records per `pgbench -N` transaction | {fmt(c['wal_records_per_pgbench_tx'], digits=1)};"
                  f" {fmt(c['wal_bytes_per_pgbench_tx'], ' bytes')} | |",
                  f"| transactions committed per claim (pool, scheduler, dedup) | {fmt(c['commits_per_claim'], digits=2)} | |"]
    if "cpu_ms_per_claim" in c:
        lines += ["| CPU per claim by component, median of the rounds | "
                  + ", ".join(f"{k} {v:.2f} ms" for k, v in c["cpu_ms_per_claim"].items()) + " | |"]
    lines += [""]
h = load("hotlead.json")
if h:
    one = h["rounds_with_not_one_winner"] == 0 and h["leads_not_owned"] == 0 and h["claimed_history_rows"] == h["leads_owned"]
    lines += ["## The hot lead", "",
              f"{h['claimers']} reps (real Keycloak tokens, one keep-alive connection each) claim the same lead at the"
              f" same instant; {len(h['runs'])} runs of {h['rounds']:,} rounds (after {h['warmup']} warm-up rounds); a"
              " round ends when all have answered. Median of the runs (min–max):", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| rounds with exactly one winner, the others 409 | {h['rounds'] * len(h['runs']) - h['rounds_with_not_one_winner']:,}"
              f" of {h['rounds'] * len(h['runs']):,} | all {'✅' if h['rounds_with_not_one_winner'] == 0 else '❌'} |",
              f"| leads owned once, one CLAIMED history row each | {h['leads_owned']:,} owned, {h['leads_not_owned']}"
              f" not, {h['claimed_history_rows']:,} rows | {'✅' if one else '❌'} |",
              f"| claim latency p50 | {fmt(h['p50_ms'], ' ms', 1)} | |",
              f"| claim latency p99 | {fmt(h['p99_ms'], ' ms', 1)} | ≤ 100 ms {'✅' if h['p99_ms'][0] <= 100 else '❌'} |",
              f"| round ({h['claimers']} claims) p50 | {fmt(h['round_p50_ms'], ' ms', 1)} | |",
              f"| round p99 | {fmt(h['round_p99_ms'], ' ms', 1)} | |",
              f"| claims answered per second | {fmt(h['claims_per_s'])} | |"]
    if "cpu_ms_per_answer" in h:
        lines += ["| CPU per answer by component, median of the runs | "
                  + ", ".join(f"{k} {v:.3f} ms" for k, v in h["cpu_ms_per_answer"].items()) + " | |"]
    lines += [""]
s = load("sweep.json")
if s:
    ok = s["all_back"] and s["lateness_max_s"][0] <= 60
    lines += ["## Recycle sweep", "",
              f"{s['due']:,} owned leads due at the same instant among {s['tracked']:,} tracked deadlines; time from"
              " the deadline to the lead's RECYCLED history row (scheduler sweep → outbox → Kafka → pool-service);"
              f" {len(s['runs'])} runs, median (min–max):", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| leads back in the pool, per run | {', '.join(f'{r:,}' for r in s['recycled'])} of {s['due']:,} |"
              f" all {'✅' if s['all_back'] else '❌'} |",
              *([f"| lateness of the first lead back (the sweep's reaction) | {fmt(s['earliest_s'], ' s', 2)} | |"]
                if "earliest_s" in s else []),
              f"| lateness p50 | {fmt(s['lateness_p50_s'], ' s', 1)} | |",
              f"| lateness p99 | {fmt(s['lateness_p99_s'], ' s', 1)} | |",
              f"| lateness max (all back) | {fmt(s['lateness_max_s'], ' s', 1)} | ≤ 60 s {'✅' if ok else '❌'} |"]
    if "cpu_ms_per_recycle" in s:
        lines += ["| CPU per recycle by component, from the deadline until the events reached the scheduler | "
                  + ", ".join(f"{k} {fmt(v, ' ms', 3)}" for k, v in s["cpu_ms_per_recycle"].items()) + " | |"]
    lines += [""]
i = load("imports.json")
if i:
    big, small, copy = i["large"], i["small"], i["copy"]
    lines += ["## Import at scale", "",
              f"A {big['rows']:,}-row CSV (UTF-8, Chinese headers; about 1 % repeated people, 0.5 % unusable rows) through"
              " intake → Kafka → dedup → pool, from the upload's first byte until the pool holds every accepted lead;"
              f" beside it `COPY` of the same file into a plain table of the same PostgreSQL (median of 3); {len(big['runs'])}"
              " runs of the import, each on a freshly started intake and settled lead tables (the rows of the run before"
              " deleted, the tables vacuumed and reindexed), median (min–max):", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| rows accounted for (accepted + duplicates + rejected) | {sum(big['counted']):,} of {big['rows']:,}"
              f" ({big['counted'][0]:,} + {big['counted'][1]:,} + {big['counted'][2]:,}) | all "
              f"{'✅' if big['accounted'] else '❌'} |",
              f"| end to end | {fmt(big['rows_per_s'], ' rows/s')} | ≥ 5,000 rows/s"
              f" {'✅' if big['rows_per_s'][0] >= 5000 else '❌'} |",
              f"| time until the pool holds every accepted lead | {fmt(big['pooled_s'], ' s')} | |",
              f"| time until the import is COMPLETED | {fmt(big['completed_s'], ' s')} | |",
              f"| upload answered (202) after | {fmt(big['upload_s'], ' s', 1)} | |",
              f"| `COPY` of the same file (baseline) | {copy['rows_per_s']:,} rows/s ({copy['median_s']} s) | |",
              f"| ratio to COPY | {i['ratio_to_copy']} | |",
              *([f"| CPU per row (ms): " + ", ".join(f"{k} {v}" for k, v in big["cpu_ms_per_row"].items()) + " | | |"]
                if "cpu_ms_per_row" in big else []),
              f"| intake peak RSS, {small['rows']:,} rows / {big['rows']:,} rows (fresh JVM each, as deploy/local runs it) |"
              f" {small['intake_peak_rss_mib']} MiB / {fmt(big['intake_peak_rss_mib'], ' MiB', 1)} (difference"
              f" {i['rss_difference_mib']} MiB) | within 50 MB {'✅' if abs(i['rss_difference_mib']) <= 50 else '❌'} |",
              *([f"| intake live heap after a full GC, {small['rows']:,} / {big['rows']:,} rows |"
                 f" {small['intake_live_heap_mib']} MiB / {fmt(big['intake_live_heap_mib'], ' MiB', 1)} (difference"
                 f" {i['live_heap_difference_mib']} MiB) | |"] if "live_heap_difference_mib" in i else []), ""]
e = load("events.json")
if e:
    worst = max(e["scheduler_p99_ms"][0], e["dedup_p99_ms"][0])
    lines += ["## Event latency, commit to the consumer's effect", "",
              f"`OwnershipChanged` events (a claim with a follow-up deadline) committed into pool-service's outbox at"
              f" {e['rate_goal']:,}/s ({e['rate_goal'] // 100} per transaction every 10 ms) for {e['seconds']} s, through"
              " the relay and Kafka into scheduler-service (tracks the deadline) and dedup-service (the lead's state);"
              " both ends are PostgreSQL commit timestamps (the producing transaction; the consumer's transaction with"
              f" its inbox row and effect). After a warm-up round, {len(e['rounds'])} rounds, median (min–max); beside"
              " it Kafka's `ProducerPerformance` at the same rate (acks=all, 900-byte records) on the same broker:", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| events committed per second | {fmt(e['rate'])} | {e['rate_goal']:,} |",
              f"| scheduler-service p50 | {fmt(e['scheduler_p50_ms'], ' ms')} | |",
              f"| scheduler-service p99 | {fmt(e['scheduler_p99_ms'], ' ms')} | ≤ 500 ms"
              f" {'✅' if e['scheduler_p99_ms'][0] <= 500 else '❌'} |",
              f"| scheduler-service max | {fmt(e['scheduler_max_ms'], ' ms')} | |",
              f"| dedup-service p50 | {fmt(e['dedup_p50_ms'], ' ms')} | |",
              f"| dedup-service p99 | {fmt(e['dedup_p99_ms'], ' ms')} | ≤ 500 ms {'✅' if e['dedup_p99_ms'][0] <= 500 else '❌'} |",
              f"| dedup-service max | {fmt(e['dedup_max_ms'], ' ms')} | |",
              f"| events not applied | scheduler {e['scheduler_missing']}, dedup {e['dedup_missing']} | 0 |",
              f"| Kafka ProducerPerformance p50 / p99 (baseline: the broker alone) | {fmt(e['kafka_producer_p50_ms'], ' ms')}"
              f" / {fmt(e['kafka_producer_p99_ms'], ' ms')} | |",
              f"| ratio of the consumers' worst p99 to the broker's p99 | {worst / max(e['kafka_producer_p99_ms'][0], 1):.1f} | |",
              ""]
k = load("check.json")
if k:
    lines += ["## Duplicate check (查重)", "",
              f"`POST /api/v1/dedup/check` with {k['leads']:,} leads in the tenant, {k['connections']} keep-alive"
              " connections, a real token; 40 % known phones (written another way), 10 % unknown phones, 20 % e-mails,"
              " 30 % company names (fuzzy, with region). Median of the rounds:", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| p95 | {k['p95_ms_median']} ms | < 50 ms {'✅' if k['p95_ms_median'] < 50 else '❌'} |",
              f"| p50 | {k['p50_ms_median']} ms | |",
              f"| checks/s | {k['rate_median']} | |", ""]
x = load("chaos.json")
if x:
    passed = sum(1 for sc in x["scenarios"] if sc["passed"])
    knobs = ", ".join(f"{k}={v}" for k, v in sorted(x["knobs"].items())) or "the short defaults of ./mvnw verify"
    lines += ["## Chaos scenarios", "",
              f"`bench/chaos/run.sh` ({x['at']}; knobs: {knobs}): the e2e suite's chaos tests — the four packaged"
              " services as processes, a real PostgreSQL, Kafka broker and Keycloak — each ending with a checker that"
              " reads the databases (every imported row counted once, every lead decided and pooled once, no lead with"
              " two owners, no rep over a limit, every event applied once in effect in the scheduler and dedup)."
              f" {passed} of {len(x['scenarios'])} passed {'✅' if passed == len(x['scenarios']) else '❌'}.", "",
              "| scenario | checker | took | what happened, recovery |", "|---|---|---|---|"]
    for sc in x["scenarios"]:
        what = "<br>".join(sc["lines"]) or "—"
        failure = " ".join((sc["failure"] or "failed").split()).replace("|", "/")
        lines += [f"| `{sc['test']}` | {'✅ passed' if sc['passed'] else '❌ ' + failure} |"
                  f" {sc['seconds']} s | {what} |"]
    lines += [""]
f = load("footprint.json")
if f:
    lines += ["## Resident memory and start time", "",
              "Each service as `deploy/local` runs it (JVM 17, serial collector, two malloc arenas; heap 160–256 MiB"
              " with a 96 MiB young generation, pool-service 192–320 MiB with 128 MiB, intake a fixed, pre-touched"
              " 192 MiB heap and C1 only); resident memory is the median of"
              " samples a second apart on the suite as the run left it; start time is what Quarkus logged at the"
              " service's last start (on this machine, with the rest of the suite running).", "",
              "| service | resident memory (MiB), median (min–max) | started in |", "|---|---|---|"]
    for svc, v in f.items():
        lines += [f"| {svc} | {v['rss_mib_median']} ({v['rss_mib_min']}–{v['rss_mib_max']}) | {v['started_in_s']} s |"]
    lines += [""]
open(os.path.join(HERE, "RESULTS.md"), "w").write("\n".join(lines) + "\n")
