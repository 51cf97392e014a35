#!/usr/bin/env python3
"""Resident memory and start time of each service, as deploy/local runs them (JVM; options in deploy/local/up.sh).

Resident memory: VmRSS of each service process, sampled SAMPLES times a second apart on the suite as it is
(run it after the other scenarios for the figure after load, or on a fresh suite for the idle one); the
median is reported. Start time: what Quarkus logged at the service's last start ("started in …s").
"""
import json, os, re, statistics, time

HERE = os.path.dirname(os.path.abspath(__file__))
LOCAL = os.path.join(os.path.dirname(HERE), "deploy", "local", ".work")
SERVICES = ["lead-intake-service", "dedup-service", "pool-service", "scheduler-service"]
SAMPLES = int(os.environ.get("BENCH_FOOTPRINT_SAMPLES", "5"))


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    result = {}
    for svc in SERVICES:
        pid = open(os.path.join(LOCAL, "pids", f"{svc}.pid")).read().strip()
        samples = []
        for _ in range(SAMPLES):
            samples.append(rss_mib(pid))
            time.sleep(1)
        log = open(os.path.join(LOCAL, "logs", f"{svc}.log"), errors="replace").read()
        started = re.findall(r"started in ([0-9.]+)s", log)
        result[svc] = {"rss_mib_median": round(statistics.median(samples)), "rss_mib_min": round(min(samples)),
                       "rss_mib_max": round(max(samples)), "started_in_s": float(started[-1]) if started else None}
    json.dump(result, open(os.path.join(HERE, "results", "footprint.json"), "w"), indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
