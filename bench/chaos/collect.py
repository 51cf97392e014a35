#!/usr/bin/env python3
"""Reads the failsafe reports of the chaos tests: each scenario's verdict (its checker passed or not), its
duration, and the lines it printed starting with `CHAOS ` (what happened and how long each service took to
serve again); writes bench/results/chaos.json."""
import glob, json, os, sys, time
import xml.etree.ElementTree as ET

CLASSES = ("ChaosIT", "KillNineIT", "ImportKillNineIT")
reports = sys.argv[1]
scenarios = []
for path in sorted(glob.glob(os.path.join(reports, "TEST-io.leadpool.e2e.*.xml"))):
    suite = ET.parse(path).getroot()
    if not suite.get("name", "").endswith(CLASSES):
        continue
    for case in suite.iter("testcase"):
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        out = "\n".join((e.text or "") for e in case.iter("system-out"))
        scenarios.append({
            "test": f"{case.get('classname').rsplit('.', 1)[-1]}.{case.get('name')}",
            "passed": problem is None and case.find("skipped") is None,
            "seconds": round(float(case.get("time", "0")), 1),
            "failure": (problem.get("message") or "")[:500] if problem is not None else None,
            "lines": [l.strip()[len("CHAOS "):] for l in out.splitlines() if l.strip().startswith("CHAOS ")]})
if not scenarios:
    raise SystemExit(f"no chaos test reports in {reports}")
out = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results", "chaos.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump({"at": time.strftime("%Y-%m-%dT%H:%M:%S"), "knobs": {k: v for k, v in os.environ.items() if k.startswith("CHAOS_")},
           "scenarios": scenarios}, open(out, "w"), indent=1)
print(f"{sum(s['passed'] for s in scenarios)} of {len(scenarios)} chaos scenarios passed; {out}")
