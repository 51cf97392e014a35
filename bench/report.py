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
    return f"{m:.{digits}f}{unit} ({lo:.{digits}f}–{hi:.{digits}f})"


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
        lines += [f"| CPU per claim, pool-service | {fmt(c['pool_service_cpu_ms_per_claim'], ' ms', 1)} | |",
                  f"| CPU per claim, whole machine (suite, PostgreSQL, Kafka, client) |"
                  f" {fmt(c['machine_cpu_ms_per_claim'], ' ms', 1)} | |"]
    lines += [""]
s = load("sweep.json")
if s:
    ok = s["all_back"] and s["lateness_max_s"] <= 60
    lines += ["## Recycle sweep", "",
              f"{s['due']:,} owned leads due at the same instant among {s['tracked']:,} tracked deadlines; time from"
              " the deadline to the lead's RECYCLED history row (scheduler sweep → outbox → Kafka → pool-service):", "",
              "| figure | value | goal |", "|---|---|---|",
              f"| leads back in the pool | {s['recycled']:,} of {s['due']:,} | all |",
              f"| lateness p50 | {s['lateness_p50_s']:.1f} s | |",
              f"| lateness p99 | {s['lateness_p99_s']:.1f} s | |",
              f"| lateness max (all back) | {s['lateness_max_s']:.1f} s | ≤ 60 s {'✅' if ok else '❌'} |", ""]
open(os.path.join(HERE, "RESULTS.md"), "w").write("\n".join(lines) + "\n")
